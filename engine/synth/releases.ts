/**
 * The prison release list: one row per release, in a prison-export layout. Names are mostly clean
 * (surnames upper case), dates dd/mm/yyyy, release days skewed to Thursday and Friday.
 */

import type { Rng } from '../random';
import { civilFromDays, ukDays, ukYmd, weekday } from './dates';
import { pncShort } from './identifiers';
import type { Address, Hostel, Person, Population } from './people';
import { AREAS, ESTABLISHMENTS, type Establishment, NFA_POSTCODE } from './places';
import type { SynthRates } from './rates';
import { mcSpaced, NICKNAMES, titleCase, typo } from './variation';
import { pickWeighted, weighted } from './weighted';

export const RELEASE_HEADER: readonly string[] = [
  'Booking Ref',
  'Prison No',
  'Surname',
  'Forename(s)',
  'Date of Birth',
  'Gender',
  'PNC ID',
  'CRO No',
  'NHS Number',
  'Aliases',
  'Release Date',
  'Release Type',
  'Establishment',
  'Release Postcode',
  'NFA',
  'Local Authority',
  'Substance Misuse Need',
  'OST on Release',
];

export interface Booking {
  ref: string;
  person: Person;
  /** Days since 1970-01-01. */
  day: number;
  /** 0 for a first release, 1 for a re-release after recall. */
  sequence: number;
  nfa: boolean;
  hostel: Hostel | null;
  row: string[];
}

/** Release window: the 26 weeks (182 days) before the extract date, release day < asOf. */
export const WINDOW_DAYS = 182;

const RELEASE_TYPES = weighted(['CRD', 'ARD', 'HDC', 'PRRD', 'PED'], [55, 8, 15, 14, 8]);
const MALE_PRISONS = ESTABLISHMENTS.filter((e) => !e.female);
const FEMALE_PRISONS = ESTABLISHMENTS.filter((e) => e.female);
const LOCAL_MALE_PRISONS = AREAS.map((_, area) => MALE_PRISONS.filter((e) => e.area === area));

export interface ReleaseList {
  bookings: Booking[];
  /** Every released person once, in creation order. */
  people: Person[];
  /** Each person's first booking, by person index in `people`. */
  firstBooking: Booking[];
}

export function makeReleases(
  rng: Rng,
  rates: SynthRates,
  pop: Population,
  rows: number,
  asOf: number,
): ReleaseList {
  const bookings: Booking[] = [];
  const people: Person[] = [];
  const firstBooking: Booking[] = [];
  const weekdays = weekdayWeights(rates);
  const first = asOf - WINDOW_DAYS;
  const last = asOf - 1;

  while (bookings.length < rows) {
    const person = pop.released();
    people.push(person);
    const aliases = makeAliases(rng, rates, pop, person);
    const recalled = bookings.length + 2 <= rows && rng.chance(rates.recall);
    if (recalled) {
      const day1 = releaseDay(rng, weekdays, first, last - 60);
      const day2 = releaseDay(rng, weekdays, day1 + 28, last);
      firstBooking.push(booking(rng, rates, pop, person, aliases, day1, 0));
      bookings.push(firstBooking[firstBooking.length - 1]);
      bookings.push(booking(rng, rates, pop, person, aliases, day2, 1));
    } else {
      const b = booking(rng, rates, pop, person, aliases, releaseDay(rng, weekdays, first, last), 0);
      firstBooking.push(b);
      bookings.push(b);
    }
  }

  // A release list reads in date order; booking refs rise with it, with gaps.
  bookings.sort((a, b) => a.day - b.day);
  let ref = 100_000 + rng.int(400_000);
  for (const b of bookings) {
    ref += 1 + rng.int(3);
    b.ref = `B${String(ref).padStart(7, '0')}`;
    b.row[0] = b.ref;
  }
  return { bookings, people, firstBooking };
}

/** Mon..Sun weights: Friday and Thursday as configured, weekends rare, the rest on Mon-Wed. */
function weekdayWeights(rates: SynthRates) {
  const weekend = 0.01;
  const rest = Math.max(0, 1 - rates.releaseFriday - rates.releaseThursday - 2 * weekend) / 3;
  return weighted(
    [0, 1, 2, 3, 4, 5, 6],
    [rest, rest, rest, rates.releaseThursday, rates.releaseFriday, weekend, weekend],
  );
}

/** A day in [lo, hi] on a weekday drawn from the weights (nearest such day to a uniform pick). */
function releaseDay(rng: Rng, weekdays: ReturnType<typeof weekdayWeights>, lo: number, hi: number): number {
  const wd = pickWeighted(rng, weekdays);
  let day = rng.range(lo, hi);
  day += (wd - weekday(day) + 7) % 7;
  if (day > hi) day -= 7;
  return Math.max(day, lo);
}

function booking(
  rng: Rng,
  rates: SynthRates,
  pop: Population,
  person: Person,
  aliases: string,
  day: number,
  sequence: number,
): Booking {
  const r = rng.next();
  const nfa = r < rates.nfa;
  const hostel = !nfa && r < rates.nfa + rates.hostel ? hostelNear(rng, pop, person.home) : null;
  const postcode = nfa
    ? rng.chance(0.5)
      ? NFA_POSTCODE
      : ''
    : hostel
      ? hostel.postcode
      : person.home.postcode;
  const need = rng.chance(rates.substanceNeed);
  const pnc = person.pnc && rng.chance(rates.releasePnc) ? person.pnc : '';
  const surname = person.surname.toUpperCase();
  const spaced = mcSpaced(person.surname);
  const row = [
    '',
    person.prisonNo ?? '',
    spaced && rng.chance(rates.releaseMcSpace) ? spaced.toUpperCase() : surname,
    titleCase(person.middle ? `${person.forename} ${person.middle}` : person.forename),
    ukYmd(civilFromDays(person.dob)),
    person.sex,
    pnc && rng.chance(rates.pncShortForm) ? pncShort(pnc) : pnc,
    person.cro && rng.chance(rates.releaseCro) ? person.cro : '',
    rng.chance(rates.releaseNhs) ? (pop.nhsOf(person) ?? '') : '',
    aliases,
    ukDays(day),
    sequence > 0 ? 'PRRD' : pickWeighted(rng, RELEASE_TYPES),
    establishment(rng, person).name,
    postcode,
    nfa ? 'Y' : 'N',
    AREAS[(hostel ?? person.home).area].localAuthority,
    need ? 'Y' : 'N',
    need && rng.chance(rates.ostOnRelease) ? 'Y' : 'N',
  ];
  return { ref: '', person, day, sequence, nfa, hostel, row };
}

function hostelNear(rng: Rng, pop: Population, home: Address): Hostel {
  const near = pop.hostelsIn[home.area];
  return rng.pick(near.length > 0 && rng.chance(0.85) ? near : pop.hostels);
}

function establishment(rng: Rng, person: Person): Establishment {
  if (person.sex === 'F') return rng.pick(FEMALE_PRISONS);
  const local = LOCAL_MALE_PRISONS[person.home.area];
  return rng.pick(local.length > 0 && rng.chance(0.7) ? local : MALE_PRISONS);
}

type AliasKind = 'otherSurname' | 'swapped' | 'nickname' | 'middle' | 'spelling';
const ALIAS_KINDS: readonly AliasKind[] = ['otherSurname', 'swapped', 'nickname', 'middle', 'spelling'];

/**
 * 0-3 aliases, "; " separated, each "SURNAME, Forename" or "Forename Surname": a previous surname,
 * the names swapped, a nickname form, the middle name as first name, or a misspelt surname.
 */
function makeAliases(rng: Rng, rates: SynthRates, pop: Population, person: Person): string {
  if (!rng.chance(rates.alias)) return '';
  let count = 1;
  while (count < 3 && rng.chance(rates.aliasMore)) count++;
  const kinds = ALIAS_KINDS.filter(
    (k) => (k !== 'nickname' || NICKNAMES.has(person.forename)) && (k !== 'middle' || person.middle !== null),
  );
  const out: string[] = [];
  for (let i = 0; i < count && kinds.length > 0; i++) {
    const kind = kinds.splice(rng.int(kinds.length), 1)[0];
    // Both as written: forename in title case, surname in its usual case.
    let fore = titleCase(person.forename);
    let sur = person.surname;
    if (kind === 'otherSurname') {
      person.otherSurname ??= pop.surname(person.surname);
      sur = person.otherSurname;
    } else if (kind === 'swapped') {
      [fore, sur] = [person.surname, fore];
    } else if (kind === 'nickname') {
      fore = titleCase(rng.pick(NICKNAMES.get(person.forename) ?? [person.forename]));
    } else if (kind === 'middle') {
      fore = titleCase(person.middle ?? person.forename);
    } else {
      sur = typo(rng, sur);
    }
    out.push(rng.chance(0.5) ? `${sur.toUpperCase()}, ${fore}` : `${fore} ${sur}`);
  }
  return out.join('; ');
}
