import type { EngineApi } from '../../../engine/api/engine-api';
import { DEFAULT_RULE } from '../../../engine/continuity/rule';
import { type Badge, badgesFor } from '../../../shared/badges';
import {
  type LookupResult,
  type Outcome,
  ok,
  type RecordKey,
  type StoredRecord,
} from '../../../shared/workspace';
import type { DetailsSelection } from '../../overlay/selection';

export interface Details {
  result: LookupResult;
  badges: Badge[];
  records: Map<RecordKey, StoredRecord>;
}

/** Looks the selected row up again (by id, then by its shown values) and reads the records involved. */
export async function loadDetails(
  engine: Pick<EngineApi, 'lookup' | 'records' | 'status'>,
  selection: DetailsSelection,
): Promise<Outcome<Details>> {
  let looked = await engine.lookup(selection.query);
  if (looked.ok && looked.value.match === null && selection.fallback)
    looked = await engine.lookup(selection.fallback);
  if (!looked.ok) return looked;
  const result = looked.value;
  if (!result.match) return { ok: true, value: { result, badges: [], records: new Map() } };
  const keys = [
    ...new Set([
      result.match.key,
      ...result.links.map((l) => l.key),
      ...result.duplicates.map((d) => d.key),
      ...result.statuses.map((s) => s.releaseKey),
    ]),
  ];
  const [records, status] = await Promise.all([engine.records(keys), engine.status()]);
  if (!records.ok) return records;
  const upper = status.lastRun?.thresholds?.upper ?? DEFAULT_RULE.reviewThresholds.upper;
  return ok({
    result,
    badges: badgesFor(result, { upper }),
    records: new Map(records.value.map((r) => [`${r.datasetId}/${r.recordId}`, r])),
  });
}
