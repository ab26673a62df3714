import { HANDOVERS, type ReleaseOutcome, STATUSES } from './types';

/**
 * Release outcomes as columns, for storage. 100,000 outcome objects cost IndexedDB (and any
 * structured clone) about a second to write; the same outcomes as a dozen typed arrays and one
 * list of distinct strings cost a few milliseconds. Record ids are not repeated here: release i
 * is record key `keys[i]` and a treatment record is its index in `keys`, the record keys the
 * stored results already hold.
 */
export interface PackedOutcomes {
  count: number;
  /** The distinct values of the text fields, which their columns index (-1: none). */
  strings: string[];
  releaseDate: Int32Array;
  /** Index into STATUSES. */
  status: Uint8Array;
  /** Index into HANDOVERS. */
  handover: Uint8Array;
  /** NEEDS_REVIEW | OST_ON_RELEASE | NO_FIXED_ABODE. */
  flags: Uint8Array;
  /** NO_DAYS when unknown. */
  daysSinceRelease: Int32Array;
  daysToEngagement: Int32Array;
  /** Index of the treatment record in the record keys, -1 for none. */
  treatment: Int32Array;
  /** NaN for none. */
  matchProbability: Float64Array;
  reason: Int32Array;
  establishment: Int32Array;
  area: Int32Array;
  releaseType: Int32Array;
  weekday: Int32Array;
  releaseWeek: Int32Array;
}

const NEEDS_REVIEW = 1;
const OST_ON_RELEASE = 2;
const NO_FIXED_ABODE = 4;
const NO_DAYS = -2147483648;

/**
 * Packs outcomes whose releaseId and treatmentId are among `keys` (release i being `keys[i]`).
 * `treatmentHint[i]`, when given, is where release i's treatment record probably is in `keys`
 * (checked; a map of all keys is built only if a hint is missing or wrong).
 */
export function packOutcomes(
  outcomes: readonly ReleaseOutcome[],
  keys: readonly string[],
  treatmentHint?: Int32Array,
): PackedOutcomes {
  const columns = new OutcomeColumns(outcomes.length, keys);
  for (const [i, o] of outcomes.entries()) columns.write(i, o, treatmentHint?.[i]);
  return columns.packed;
}

/** Outcomes written into columns one at a time, as they are worked out. */
export class OutcomeColumns {
  readonly packed: PackedOutcomes;
  private readonly codeOf = new Map<string, number>();
  private keyIndex: Map<string, number> | null = null;

  constructor(
    count: number,
    private readonly keys: readonly string[],
  ) {
    this.packed = {
      count,
      strings: [],
      releaseDate: new Int32Array(count),
      status: new Uint8Array(count),
      handover: new Uint8Array(count),
      flags: new Uint8Array(count),
      daysSinceRelease: new Int32Array(count),
      daysToEngagement: new Int32Array(count),
      treatment: new Int32Array(count),
      matchProbability: new Float64Array(count),
      reason: new Int32Array(count),
      establishment: new Int32Array(count),
      area: new Int32Array(count),
      releaseType: new Int32Array(count),
      weekday: new Int32Array(count),
      releaseWeek: new Int32Array(count),
    };
  }

  /** Release i's outcome; `treatmentHint` is where its treatment record probably is in the keys. */
  write(i: number, o: ReleaseOutcome, treatmentHint?: number): void {
    const { packed } = this;
    if (this.keys[i] !== o.releaseId) throw new Error('packOutcomes: outcomes are not in record-key order');
    packed.releaseDate[i] = o.releaseDate;
    packed.status[i] = STATUSES.indexOf(o.status);
    packed.handover[i] = HANDOVERS.indexOf(o.handover);
    packed.flags[i] =
      (o.needsReview ? NEEDS_REVIEW : 0) |
      (o.ostOnRelease ? OST_ON_RELEASE : 0) |
      (o.noFixedAbode ? NO_FIXED_ABODE : 0);
    packed.daysSinceRelease[i] = o.daysSinceRelease ?? NO_DAYS;
    packed.daysToEngagement[i] = o.daysToEngagement ?? NO_DAYS;
    packed.treatment[i] = o.treatmentId === null ? -1 : this.indexOfKey(o.treatmentId, treatmentHint);
    packed.matchProbability[i] = o.matchProbability ?? Number.NaN;
    packed.reason[i] = this.code(o.reason);
    packed.establishment[i] = this.code(o.establishment);
    packed.area[i] = this.code(o.area);
    packed.releaseType[i] = this.code(o.releaseType);
    packed.weekday[i] = this.code(o.weekday);
    packed.releaseWeek[i] = this.code(o.releaseWeek);
  }

  private code(value: string | null): number {
    if (value === null) return -1;
    let c = this.codeOf.get(value);
    if (c === undefined) {
      c = this.packed.strings.push(value) - 1;
      this.codeOf.set(value, c);
    }
    return c;
  }

  /** Treatment ids are found by key only when the hint is missing or wrong. */
  private indexOfKey(key: string, hint: number | undefined): number {
    if (hint !== undefined && hint >= 0 && this.keys[hint] === key) return hint;
    this.keyIndex ??= new Map(this.keys.map((k, i) => [k, i]));
    const i = this.keyIndex.get(key);
    if (i === undefined) throw new Error('packOutcomes: a treatment id is not among the record keys');
    return i;
  }
}

/** The outcome of release i, as an object (for a lookup or a row of a report). */
export function outcomeAt(packed: PackedOutcomes, keys: readonly string[], i: number): ReleaseOutcome {
  const text = (column: Int32Array) => (column[i] < 0 ? null : packed.strings[column[i]]);
  const days = (column: Int32Array) => (column[i] === NO_DAYS ? null : column[i]);
  const flags = packed.flags[i];
  const probability = packed.matchProbability[i];
  return {
    releaseId: keys[i],
    releaseDate: packed.releaseDate[i],
    status: STATUSES[packed.status[i]],
    reason: text(packed.reason),
    daysSinceRelease: days(packed.daysSinceRelease),
    daysToEngagement: days(packed.daysToEngagement),
    treatmentId: packed.treatment[i] < 0 ? null : keys[packed.treatment[i]],
    matchProbability: Number.isNaN(probability) ? null : probability,
    handover: HANDOVERS[packed.handover[i]],
    needsReview: (flags & NEEDS_REVIEW) !== 0,
    establishment: text(packed.establishment),
    area: text(packed.area),
    releaseType: text(packed.releaseType),
    ostOnRelease: (flags & OST_ON_RELEASE) !== 0,
    noFixedAbode: (flags & NO_FIXED_ABODE) !== 0,
    weekday: text(packed.weekday),
    releaseWeek: text(packed.releaseWeek),
  };
}

/** Every outcome, as objects (for the KPIs and the worklist). */
export function unpackOutcomes(packed: PackedOutcomes, keys: readonly string[]): ReleaseOutcome[] {
  return Array.from({ length: packed.count }, (_, i) => outcomeAt(packed, keys, i));
}
