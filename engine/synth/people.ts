/**
 * The synthetic population: people with a true identity (names, sex, date of birth, home address,
 * identifiers). Release rows and treatment rows are both views of these people, with the errors of
 * each system applied on top.
 */

import type { Rng } from '../random';
import { civilFromDays } from './dates';
import { CroNumbers, NhsNumbers, PncIds, PrisonNumbers } from './identifiers';
import { FEMALE_FORENAMES, MALE_FORENAMES, STREETS, SURNAMES } from './names-uk';
import { AREAS, HOSTEL_NAMES, INWARD_LETTERS } from './places';
import type { SynthRates } from './rates';
import { pickWeighted, type Weighted, weighted, zipf } from './weighted';

export type Sex = 'M' | 'F';

export interface Address {
  /** Index into AREAS. */
  area: number;
  district: string;
  postcode: string;
  line1: string;
}

export interface Person {
  /** Entity id in the truth, e.g. P000001. */
  id: string;
  sex: Sex;
  /** UPPER CASE, as in NICKNAME_GROUPS. */
  forename: string;
  middle: string | null;
  /** As usually written: McDonald, O'Brien, Smith-Jones. */
  surname: string;
  /** A previous, married or alias surname, when the person has one. */
  otherSurname: string | null;
  /** Days since 1970-01-01. */
  dob: number;
  home: Address;
  /**
   * NHS number, drawn from the 999 range the first time a record shows it (undefined until then),
   * so the ~909,000 valid synthetic numbers go to people who appear with one; null once the range
   * is used up.
   */
  nhs?: string | null;
  prisonNo: string | null;
  /** Long form YYYY/NNNNNNNC. */
  pnc: string | null;
  cro: string | null;
}

export interface Hostel extends Address {
  name: string;
}

export type LookalikeKind = 'sibling' | 'dobApart' | 'namesake';

const MALE = zipf(MALE_FORENAMES, 1, 3);
const FEMALE = zipf(FEMALE_FORENAMES, 1, 3);
const SURNAME = zipf(SURNAMES, 1, 10);
const AREA = weighted(
  AREAS.map((_, i) => i),
  AREAS.map((a) => a.weight),
);

const DAYS_PER_YEAR = 365.25;

/** Makes people and their identifiers; one per run, holding the run's random stream and counters. */
export class Population {
  private count = 0;
  private readonly nhsNumbers: NhsNumbers;
  private readonly prisonNumbers: PrisonNumbers;
  private readonly pncIds: PncIds;
  private readonly croNumbers: CroNumbers;
  readonly hostels: Hostel[];
  /** Hostels by area index. */
  readonly hostelsIn: Hostel[][];
  private readonly asOfYear: number;

  constructor(
    private readonly rng: Rng,
    private readonly rates: SynthRates,
    private readonly asOf: number,
  ) {
    this.nhsNumbers = new NhsNumbers(rng);
    this.prisonNumbers = new PrisonNumbers(rng);
    this.pncIds = new PncIds(rng);
    this.croNumbers = new CroNumbers(rng);
    this.asOfYear = civilFromDays(asOf).y;
    this.hostels = HOSTEL_NAMES.map((name, i) => ({ ...this.address(i % AREAS.length), name }));
    this.hostelsIn = AREAS.map((_, area) => this.hostels.filter((h) => h.area === area));
  }

  /** The person's NHS number (allocated on first use), or null when the synthetic range is used up. */
  nhsOf(p: Person): string | null {
    if (p.nhs === undefined) p.nhs = this.nhsNumbers.next();
    return p.nhs;
  }

  /** A released person: full set of justice identifiers. */
  released(): Person {
    const p = this.person(this.rng.chance(this.rates.releasedMale) ? 'M' : 'F');
    this.giveJusticeIds(p);
    return p;
  }

  /** A treatment client never on this release list; a few have been in prison before. */
  background(): Person {
    const p = this.person(this.rng.chance(this.rates.backgroundMale) ? 'M' : 'F');
    if (this.rng.chance(this.rates.backgroundPrisonNumber)) p.prisonNo = this.prisonNumbers.next();
    return p;
  }

  /**
   * A different person easily mistaken for `of`: a sibling or twin (same surname and date of birth,
   * different forename, often the same address), a relative with the same name born years apart, or
   * a namesake elsewhere (same name, different date of birth and area).
   */
  lookalike(of: Person, kind: LookalikeKind): Person {
    const p = this.person(of.sex);
    p.surname = of.surname;
    if (kind === 'sibling') {
      p.dob = of.dob;
      p.sex = this.rng.chance(0.6) ? of.sex : of.sex === 'M' ? 'F' : 'M';
      p.forename = this.forename(p.sex, of.forename);
      if (this.rng.chance(0.5)) p.home = { ...of.home };
    } else {
      p.sex = of.sex;
      p.forename = of.forename;
      if (kind === 'dobApart') {
        p.dob = this.yearsApart(of.dob);
        if (this.rng.chance(0.3)) p.home = { ...of.home };
      } else {
        while (p.home.area === of.home.area) p.home = this.address(pickWeighted(this.rng, AREA));
      }
    }
    return p;
  }

  /** A fresh address in an area (a random district of it unless given). */
  address(area: number, district?: string): Address {
    const d = district ?? this.rng.pick(AREAS[area].districts);
    const postcode = `${d} ${this.rng.int(10)}${this.rng.pick(INWARD_LETTERS)}${this.rng.pick(INWARD_LETTERS)}`;
    const house = `${1 + this.rng.int(180)} ${this.rng.pick(STREETS)}`;
    const line1 = this.rng.chance(0.12) ? `Flat ${1 + this.rng.int(24)}, ${house}` : house;
    return { area, district: d, postcode, line1 };
  }

  /** Where a person lives after moving: mostly the same district, sometimes elsewhere. */
  moved(from: Address): Address {
    const r = this.rng.next();
    if (r < 0.6) return this.address(from.area, from.district);
    if (r < 0.9) return this.address(from.area);
    return this.address(pickWeighted(this.rng, AREA));
  }

  surname(not?: string): string {
    for (;;) {
      const s = pickWeighted(this.rng, SURNAME);
      if (s !== not) return s;
    }
  }

  forename(sex: Sex, not?: string): string {
    const list: Weighted<string> = sex === 'M' ? MALE : FEMALE;
    for (;;) {
      const f = pickWeighted(this.rng, list);
      if (f !== not) return f;
    }
  }

  private person(sex: Sex): Person {
    this.count++;
    const forename = this.forename(sex);
    const surname = this.surname();
    return {
      id: `P${String(this.count).padStart(6, '0')}`,
      sex,
      forename,
      middle: this.rng.chance(this.rates.middleName) ? this.forename(sex, forename) : null,
      surname,
      otherSurname: this.rng.chance(this.rates.otherSurname) ? this.surname(surname) : null,
      dob: this.dob(),
      home: this.address(pickWeighted(this.rng, AREA)),
      nhs: undefined,
      prisonNo: null,
      pnc: null,
      cro: null,
    };
  }

  /** Age at the extract date 18.6-70 years (so 18+ at any release in the 26 weeks before), mostly 25-45. */
  private dob(): number {
    const u = (this.rng.next() + this.rng.next() + this.rng.next()) / 3;
    const age = 18.6 + 51.4 * u ** 1.6;
    return this.asOf - Math.floor(age * DAYS_PER_YEAR);
  }

  /** A date of birth 2-30 years from `dob`, keeping the person an adult of at most 80. */
  private yearsApart(dob: number): number {
    const gap = Math.floor((2 + this.rng.next() * 28) * DAYS_PER_YEAR);
    const older = dob - gap;
    const younger = dob + gap;
    const youngest = this.asOf - Math.ceil(18.6 * DAYS_PER_YEAR);
    const oldest = this.asOf - Math.floor(80 * DAYS_PER_YEAR);
    if (younger <= youngest && (this.rng.chance(0.5) || older < oldest)) return younger;
    return older >= oldest ? older : youngest;
  }

  private giveJusticeIds(p: Person): void {
    p.prisonNo = this.prisonNumbers.next();
    const born = civilFromDays(p.dob).y;
    const pncYear = Math.min(this.asOfYear, born + 15 + this.rng.int(Math.max(1, this.asOfYear - born - 14)));
    p.pnc = this.pncIds.next(pncYear);
    p.cro = this.croNumbers.next(
      Math.min(this.asOfYear, pncYear + (this.rng.chance(0.7) ? 0 : this.rng.int(4))),
    );
  }
}
