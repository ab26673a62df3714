/**
 * The community treatment extract: one row per client registration, in a case-system layout.
 * Rows are released people (with engagement timed against their release), second registrations of
 * the same person, lookalikes of released people (different people), and background clients.
 */

import type { Rng } from '../random';
import { isoDays } from './dates';
import type { Address, LookalikeKind, Person, Population } from './people';
import { AREAS, NFA_POSTCODE } from './places';
import type { SynthRates } from './rates';
import type { Booking, ReleaseList } from './releases';
import { treatmentIdentity } from './variation';
import { pickWeighted, weighted } from './weighted';

export const TREATMENT_HEADER: readonly string[] = [
  'Client ID',
  'First Name',
  'Last Name',
  'DOB',
  'Sex',
  'NHS No',
  'Postcode',
  'Address Line 1',
  'Town',
  'Prison Number',
  'Referral Date',
  'Referral Source',
  'Triage Date',
  'Modality Start',
  'Discharge Date',
  'Discharge Reason',
];

/**
 * What an episode is, relative to the person's (first) release: `within21` modality start 0-21
 * days after release; `later` a start after 21 days; `referred` referral (maybe triage) but no start;
 * `history` an episode started and discharged before custody; `background` not tied to a release.
 */
export type EpisodeKind = 'within21' | 'later' | 'referred' | 'history' | 'background';

/** What a row is: a released person's record, their second registration, a lookalike, or background. */
export type RecordKind = 'released' | 'duplicate' | 'lookalike' | 'background';

export interface Episode {
  kind: EpisodeKind;
  /** Days since 1970-01-01, or null when not (yet) recorded at the extract date. */
  referral: number | null;
  source: string;
  triage: number | null;
  start: number | null;
  discharge: number | null;
  reason: string;
}

export interface TreatmentRecord {
  kind: RecordKind;
  person: Person;
  /** The release this record's timing refers to (released people and their duplicates). */
  booking: Booking | null;
  episode: Episode;
  /** Address the record starts from before variation; null = no fixed abode. */
  base: Address | null;
}

export interface TreatmentRow {
  record: TreatmentRecord;
  id: string;
  row: string[];
  applied: number;
  eligible: number;
}

const RELEASED_SOURCES = weighted(
  ['Prison', 'Probation', 'Self', 'GP', 'Criminal Justice (CJIT)', 'Hospital', 'Other'],
  [50, 20, 15, 5, 5, 3, 2],
);
const HANDOVER_SOURCES = weighted(['Prison', 'Probation'], [85, 15]);
const BACKGROUND_SOURCES = weighted(
  ['Self', 'GP', 'Probation', 'Hospital', 'Social Services', 'Criminal Justice (CJIT)', 'Prison', 'Other'],
  [45, 20, 8, 8, 5, 5, 4, 5],
);
const DISCHARGE_REASONS = weighted(
  [
    'Treatment completed - drug free',
    'Treatment completed - occasional user',
    'Dropped out/left',
    'Transferred - not in custody',
    'Transferred - in custody',
    'Moved away',
    'Died',
    'Treatment declined by client',
  ],
  [15, 10, 40, 10, 10, 8, 2, 5],
);
const HISTORY_REASONS = weighted(
  ['Transferred - in custody', 'Dropped out/left', 'Treatment completed - drug free', 'Moved away'],
  [45, 30, 15, 10],
);
const NO_START_REASONS = weighted(
  ['Dropped out/left', 'Treatment declined by client', 'Moved away', 'Incomplete - other'],
  [40, 30, 10, 20],
);
const LOOKALIKE_KINDS = weighted<LookalikeKind>(['sibling', 'dobApart', 'namesake'], [40, 30, 30]);

/** Builds the extract's records in order, then shuffles them and gives them client ids. */
export function makeTreatment(
  rng: Rng,
  rates: SynthRates,
  pop: Population,
  releases: ReleaseList,
  rows: number,
  asOf: number,
): TreatmentRow[] {
  const ep = new Episodes(rng, rates, asOf);
  const records: TreatmentRecord[] = [];
  const add = (r: TreatmentRecord): void => {
    if (records.length >= rows) return;
    records.push(r);
    if (records.length < rows && rng.chance(rates.duplicate)) records.push(duplicateOf(r, ep, rng));
  };

  for (let i = 0; i < releases.people.length && records.length < rows; i++) {
    const person = releases.people[i];
    const booking = releases.firstBooking[i];
    if (rng.chance(rates.treatmentRecord)) {
      const episode = ep.forRelease(booking.day);
      add({ kind: 'released', person, booking, episode, base: baseAddress(rng, rates, booking, episode) });
    }
    if (rng.chance(rates.lookalike)) {
      const other = pop.lookalike(person, pickWeighted(rng, LOOKALIKE_KINDS));
      add({
        kind: 'lookalike',
        person: other,
        booking: null,
        episode: ep.nearRelease(booking.day),
        base: other.home,
      });
    }
  }
  while (records.length < rows) {
    const person = pop.background();
    add({ kind: 'background', person, booking: null, episode: ep.background(), base: person.home });
  }

  shuffle(rng, records);
  let id = 1000 + rng.int(9000);
  return records.map((record) => {
    id += 1 + rng.int(2);
    const clientId = `TR${String(id).padStart(6, '0')}`;
    const identity = treatmentIdentity(rng, rates, pop, record.person, record.base, asOf);
    const { episode, person } = record;
    const address = identity.address;
    const row = [
      clientId,
      identity.first,
      identity.last,
      identity.dob,
      person.sex === 'M' ? 'Male' : 'Female',
      identity.nhs,
      address ? address.postcode : nfaPostcode(rng, pop, record),
      address ? address.line1 : rng.chance(0.6) ? 'No fixed abode' : '',
      AREAS[(address ?? person.home).area].town,
      person.prisonNo && rng.chance(rates.treatmentPrisonNumber) ? person.prisonNo : '',
      date(episode.referral),
      episode.source,
      date(episode.triage),
      date(episode.start),
      date(episode.discharge),
      episode.discharge === null ? '' : episode.reason,
    ];
    return { record, id: clientId, row, applied: identity.applied, eligible: identity.eligible };
  });
}

/** How a no-fixed-abode client's postcode is recorded: the NFA placeholder, blank, or a hostel's. */
function nfaPostcode(rng: Rng, pop: Population, record: TreatmentRecord): string {
  const r = rng.next();
  if (r < 0.5) return NFA_POSTCODE;
  if (r < 0.8) return '';
  const near = pop.hostelsIn[record.person.home.area];
  return rng.pick(near.length > 0 ? near : pop.hostels).postcode;
}

/** Released NFA or to a hostel: a post-release record mostly shows that; otherwise home. */
function baseAddress(rng: Rng, rates: SynthRates, booking: Booking, episode: Episode): Address | null {
  if (episode.kind === 'history' || !(booking.nfa || booking.hostel)) return booking.person.home;
  if (!rng.chance(rates.treatmentReleaseAddress)) return booking.person.home;
  return booking.hostel ?? null;
}

/** A second registration of the same person: an older episode, or a parallel referral that went nowhere. */
function duplicateOf(r: TreatmentRecord, ep: Episodes, rng: Rng): TreatmentRecord {
  let episode: Episode;
  if (r.booking && r.episode.kind !== 'history') {
    episode = rng.chance(0.5) ? ep.history(r.booking.day) : ep.referredOnly(r.booking.day);
  } else if (r.booking) {
    episode = ep.history(r.booking.day);
  } else {
    episode = ep.background();
  }
  const kind: RecordKind = 'duplicate';
  return {
    kind,
    person: r.person,
    booking: r.booking,
    episode,
    base: rng.chance(0.7) ? r.base : r.person.home,
  };
}

const date = (d: number | null): string => (d === null ? '' : isoDays(d));

/** A date if it has happened by the extract date, else null. */
const happened = (d: number | null, asOf: number): number | null => (d !== null && d <= asOf ? d : null);

function shuffle<T>(rng: Rng, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Episode timings. Every date after the extract date is dropped: it has not happened yet. */
class Episodes {
  constructor(
    private readonly rng: Rng,
    private readonly rates: SynthRates,
    private readonly asOf: number,
  ) {}

  forRelease(release: number): Episode {
    const { rates, rng } = this;
    const r = rng.next();
    if (r < rates.startWithin21) return this.engaged(release, Math.floor(22 * rng.next() ** 1.5), 'within21');
    if (r < rates.startWithin21 + rates.startLater) {
      return this.engaged(release, 22 + Math.min(400, Math.floor(-Math.log(1 - rng.next()) * 40)), 'later');
    }
    if (r < rates.startWithin21 + rates.startLater + rates.referredOnly) return this.referredOnly(release);
    return this.history(release);
  }

  /** Modality start `offset` days after release; referral before release (handover) or after. */
  private engaged(release: number, offset: number, kind: EpisodeKind): Episode {
    const { rng } = this;
    const start = release + offset;
    const handover = rng.chance(this.rates.handoverReferral);
    const referral = handover ? release - 1 - rng.int(28) : release + rng.int(Math.min(offset, 7) + 1);
    const from = Math.max(referral, release);
    const triage = rng.chance(0.9) ? from + rng.int(start - from + 1) : null;
    const discharge = rng.chance(0.35) ? start + 14 + rng.int(300) : null;
    return this.clip({
      kind,
      referral,
      source: pickWeighted(rng, handover ? HANDOVER_SOURCES : RELEASED_SOURCES),
      triage,
      start,
      discharge,
      reason: pickWeighted(rng, DISCHARGE_REASONS),
    });
  }

  referredOnly(release: number): Episode {
    const { rng } = this;
    const handover = rng.chance(this.rates.handoverReferral);
    const referral = handover ? release - 1 - rng.int(28) : release + rng.int(30);
    const triage = rng.chance(0.5) ? Math.max(referral, release) + rng.int(21) : null;
    const discharge = rng.chance(0.5) ? (triage ?? referral) + 14 + rng.int(107) : null;
    return this.clip({
      kind: 'referred',
      referral,
      source: pickWeighted(rng, handover ? HANDOVER_SOURCES : RELEASED_SOURCES),
      triage,
      start: null,
      discharge,
      reason: pickWeighted(rng, NO_START_REASONS),
    });
  }

  /** An old episode: started and discharged before the custody that ended with this release. */
  history(release: number): Episode {
    const { rng } = this;
    const custodyStart = release - 28 - Math.min(1500, Math.floor(-Math.log(1 - rng.next()) * 200));
    const reason = pickWeighted(rng, HISTORY_REASONS);
    const discharge =
      custodyStart - (reason === 'Transferred - in custody' ? rng.int(14) : 14 + rng.int(700));
    const start = discharge - 30 - rng.int(500);
    const referral = start - 3 - rng.int(40);
    return {
      kind: 'history',
      referral,
      source: pickWeighted(rng, BACKGROUND_SOURCES),
      triage: rng.chance(0.9) ? referral + rng.int(start - referral + 1) : null,
      start,
      discharge,
      reason,
    };
  }

  /** A lookalike's episode, half the time around the released person's release (a tempting false match). */
  nearRelease(release: number): Episode {
    return this.rng.chance(0.5) ? this.fromReferral(release - 14 + this.rng.int(45)) : this.background();
  }

  background(): Episode {
    return this.fromReferral(this.asOf - this.rng.int(3 * 365));
  }

  private fromReferral(referral: number): Episode {
    const { rng } = this;
    const triage = rng.chance(0.85) ? referral + rng.int(15) : null;
    const start = triage !== null && rng.chance(0.75) ? triage + rng.int(29) : null;
    const discharge = rng.chance(0.5) ? (start ?? triage ?? referral) + 14 + rng.int(387) : null;
    return this.clip({
      kind: 'background',
      referral,
      source: pickWeighted(rng, BACKGROUND_SOURCES),
      triage,
      start,
      discharge,
      reason: pickWeighted(rng, start === null ? NO_START_REASONS : DISCHARGE_REASONS),
    });
  }

  /** Drop what has not happened by the extract date; a referral always has (it made the record). */
  private clip(e: Episode): Episode {
    const { asOf, rng } = this;
    let referral = e.referral;
    if (referral !== null && referral > asOf) referral = asOf - rng.int(7);
    e.referral = referral;
    e.triage = happened(e.triage, asOf);
    e.start = happened(e.start, asOf);
    e.discharge = happened(e.discharge, asOf);
    return e;
  }
}
