import { beforeAll, describe, expect, it } from 'vitest';
import { type NormalisedTable, selectRows } from '../normalise';
import { synthesise, toCsv } from '../synth';
import { csvTable } from '../testing/csv-table';
import { buildFrame, type Frame, LIST_COLUMNS, TEXT_COLUMNS } from './frame';
import { extendFrame } from './frame-extend';

/** A frame as values (not codes): what every record holds, and how often each text value occurs. */
function decoded(frame: Frame) {
  const out: Record<string, unknown> = { ids: frame.ids, nLeft: frame.nLeft };
  for (const name of TEXT_COLUMNS) {
    const col = frame.columns[name];
    if (col.kind !== 'text') throw new Error(name);
    const counts: Record<string, number> = {};
    col.values.forEach((v, c) => {
      if (col.counts[c] > 0) counts[v] = col.counts[c];
    });
    out[name] = {
      rows: Array.from(col.codes, (c) => (c < 0 ? null : col.values[c])),
      counts,
      present: col.present,
    };
  }
  for (const name of [...LIST_COLUMNS, 'nicknames']) {
    const col = frame.columns[name];
    if (col.kind !== 'list') throw new Error(name);
    out[name] = Array.from({ length: frame.n }, (_, i) =>
      Array.from(col.items.subarray(col.offsets[i], col.offsets[i + 1]), (c) => col.values[c]).sort(),
    );
  }
  const dob = frame.columns.dob;
  out.dob = dob.kind === 'int' ? Array.from(dob.data) : null;
  return out;
}

/** Row r of `now` came from row source[r] of `before`, by id, unless it is in `changed`. */
function sourceRows(before: Frame, now: Frame, changed: ReadonlySet<string>): Int32Array {
  const sides = (f: Frame, i: number) => `${i < f.nLeft ? 'L' : 'R'}:${f.ids[i]}`;
  const at = new Map(before.ids.map((_, i) => [sides(before, i), i]));
  return Int32Array.from(now.ids, (id, r) => (changed.has(id) ? -1 : (at.get(sides(now, r)) ?? -1)));
}

describe('extendFrame', () => {
  let releases: NormalisedTable;
  let treatment: NormalisedTable;
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  beforeAll(async () => {
    const data = synthesise({ people: 300, treatment: 900, seed: 5 });
    releases = await csvTable('releases.csv', toCsv(data.releases));
    treatment = await csvTable('treatment.csv', toCsv(data.treatment));
  });

  it('equals a frame built from scratch after a list is added on the left', () => {
    const before = buildFrame([selectRows(releases, rows(0, releases.n - 40)), treatment]);
    const now = buildFrame([releases, treatment]);
    const extended = extendFrame(before, [releases, treatment], sourceRows(before, now, new Set()));
    expect(decoded(extended)).toEqual(decoded(now));
  });

  it('equals a frame built from scratch after records are removed and changed, counts included', () => {
    const before = buildFrame([releases, treatment]);
    // Treatment loses its first 50 records; ten releases are re-read as changed.
    const kept = selectRows(treatment, rows(50, treatment.n));
    const now = buildFrame([releases, kept]);
    const changed = new Set(releases.ids.slice(0, 10));
    const extended = extendFrame(before, [releases, kept], sourceRows(before, now, changed));
    expect(decoded(extended)).toEqual(decoded(now));
  });

  it('keeps the earlier codes of carried values, so cached similarities stay valid', () => {
    const before = buildFrame([selectRows(releases, rows(0, releases.n - 40)), treatment]);
    const now = buildFrame([releases, treatment]);
    const extended = extendFrame(before, [releases, treatment], sourceRows(before, now, new Set()));
    const old = before.columns.surname;
    const ext = extended.columns.surname;
    if (old.kind !== 'text' || ext.kind !== 'text') throw new Error('surname');
    expect(ext.values.slice(0, old.values.length)).toEqual(old.values);
  });
});
