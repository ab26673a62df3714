import { synthesise, toCsv } from '../../engine/synth';
import type { WorkspaceInputs } from './workspace-measure';

/**
 * Synthetic inputs for the workspace benchmark: `size` releases and treatment rows, three weekly
 * lists of `weekly` more releases, 1,000 record ids to look up and 1,000 page rows described by
 * fields.
 */
export function workspaceInputs(size: number, weekly = 500, weeks = 3): WorkspaceInputs {
  const data = synthesise({ people: size + weekly * weeks, treatment: size, seed: 42 });
  const rows = data.releases.rows;
  const header = data.treatment.header;
  const col = (name: string) => header.indexOf(name);
  const step = Math.max(1, Math.floor(data.treatment.rows.length / 1000));
  const sample = data.treatment.rows.filter((_, i) => i % step === 0).slice(0, 1000);
  return {
    releasesCsv: toCsv({ header: data.releases.header, rows: rows.slice(0, size) }),
    weeklyCsvs: Array.from({ length: weeks }, (_, w) =>
      toCsv({ header: data.releases.header, rows: rows.slice(size + w * weekly, size + (w + 1) * weekly) }),
    ),
    treatmentCsv: toCsv(data.treatment),
    lookupIds: sample.map((r) => r[0]),
    lookupRows: sample.map((r) => ({
      side: 'treatment' as const,
      fields: { forenames: r[col('First Name')], surname: r[col('Last Name')], dob: r[col('DOB')] },
    })),
  };
}
