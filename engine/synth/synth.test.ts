import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { croCheckLetter, normaliseCro, normalisePnc, pncCheckLetter } from '../normalise';
import { civilFromDays, parseIso, weekday } from './dates';
import { generate } from './generate';
import { nhsValid } from './identifiers';
import { DEFAULT_RATES, synthesise, toCsv } from './index';
import { WINDOW_DAYS } from './releases';
import { bit, NICKNAMES, VARIATIONS } from './variation';

const RELEASE_HEADER = [
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
const TREATMENT_HEADER = [
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
const R = Object.fromEntries(RELEASE_HEADER.map((h, i) => [h, i]));
const T = Object.fromEntries(TREATMENT_HEADER.map((h, i) => [h, i]));

/** dd/mm/yyyy -> days since 1970-01-01. */
const ukToDays = (s: string): number => parseIso(`${s.slice(6)}-${s.slice(3, 5)}-${s.slice(0, 2)}`);

/** Observed share within `k` binomial standard errors (plus a small floor) of the expected rate. */
function expectRate(label: string, hits: number, n: number, p: number, k = 4): void {
  expect(n, `${label}: no eligible rows`).toBeGreaterThan(0);
  const observed = hits / n;
  const tolerance = k * Math.sqrt((p * (1 - p)) / n) + 0.002;
  expect(
    Math.abs(observed - p),
    `${label}: observed ${observed.toFixed(4)} vs ${p} (n=${n})`,
  ).toBeLessThanOrEqual(tolerance);
}

// One 20,000-row treatment sample shared by the rate tests.
const big = generate({ people: 5000, treatment: 20_000, seed: 12 });
const asOf = big.asOf;

describe('synthesise: determinism and shape', () => {
  it('gives byte-identical output for the same options and different output for another seed', () => {
    const a = synthesise({ people: 400, treatment: 900, seed: 5 });
    const b = synthesise({ people: 400, treatment: 900, seed: 5 });
    const c = synthesise({ people: 400, treatment: 900, seed: 6 });
    expect(toCsv(a.releases)).toBe(toCsv(b.releases));
    expect(toCsv(a.treatment)).toBe(toCsv(b.treatment));
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(toCsv(c.releases)).not.toBe(toCsv(a.releases));
    expect(toCsv(c.treatment)).not.toBe(toCsv(a.treatment));
  });

  it('uses the exact headers and the requested row counts (treatment defaults to 5 x people)', () => {
    const out = synthesise({ people: 300 });
    expect(out.releases.header).toEqual(RELEASE_HEADER);
    expect(out.treatment.header).toEqual(TREATMENT_HEADER);
    expect(out.releases.rows).toHaveLength(300);
    expect(out.treatment.rows).toHaveLength(1500);
    for (const row of out.releases.rows) expect(row).toHaveLength(RELEASE_HEADER.length);
    for (const row of out.treatment.rows) expect(row).toHaveLength(TREATMENT_HEADER.length);
    expect(synthesise({ people: 0 }).treatment.rows).toHaveLength(0);
    expect(synthesise({ people: 50, treatment: 10 }).treatment.rows).toHaveLength(10);
  });

  it('gives unique Booking Refs and Client IDs in the documented forms', () => {
    const { releases, treatment } = big.output;
    const refs = releases.rows.map((r) => r[R['Booking Ref']]);
    const clients = treatment.rows.map((r) => r[T['Client ID']]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(new Set(clients).size).toBe(clients.length);
    expect(refs.filter((ref) => !/^B\d{7}$/.test(ref))).toEqual([]);
    expect(clients.filter((id) => !/^TR\d{6}$/.test(id))).toEqual([]);
  });

  it('round-trips through CSV', () => {
    const out = synthesise({ people: 200, seed: 9 });
    for (const table of [out.releases, out.treatment]) {
      const parsed = Papa.parse<string[]>(toCsv(table), { skipEmptyLines: true });
      expect(parsed.data[0]).toEqual(table.header);
      expect(parsed.data.slice(1)).toEqual(table.rows);
    }
  });

  it('rejects bad options', () => {
    expect(() => synthesise({ people: -1 })).toThrow();
    expect(() => synthesise({ people: 10, asOf: '2026-02-30' })).toThrow();
    expect(() => synthesise({ people: 10, rates: { nickname: 2 } })).toThrow();
    expect(() => synthesise({ people: 10, rates: { bogus: 0.1 } as never })).toThrow();
  });
});

describe('identifiers', () => {
  it('uses only NHS numbers from the 999 range, valid on the release list', () => {
    for (const row of big.output.releases.rows) {
      const nhs = row[R['NHS Number']];
      if (!nhs) continue;
      expect(nhs).toMatch(/^999\d{7}$/);
      expect(nhsValid(nhs)).toBe(true);
    }
  });

  it('makes treatment NHS numbers invalid exactly where a typo was applied, at about its rate', () => {
    let present = 0;
    let invalid = 0;
    big.treatment.forEach((t) => {
      const nhs = t.row[T['NHS No']];
      if (!nhs) return;
      expect(nhs).toMatch(/^999\d{7}$/);
      present++;
      const typo = (t.applied & bit('nhsTypo')) !== 0;
      expect(nhsValid(nhs)).toBe(!typo);
      if (!typo) expect(nhs).toBe(t.record.person.nhs);
      if (!nhsValid(nhs)) invalid++;
    });
    expectRate('nhs typo', invalid, present, DEFAULT_RATES.nhsTypo);
  });

  it('gives every PNC and CRO a correct check letter', () => {
    let pnc = 0;
    let short = 0;
    let cro = 0;
    for (const row of big.output.releases.rows) {
      const p = row[R['PNC ID']];
      if (p) {
        pnc++;
        const long = /^(\d{4})\/(\d{7})([A-Z])$/.exec(p);
        const brief = /^(\d{2})\/(\d{1,7})([A-Z])$/.exec(p);
        const m = long ?? brief;
        expect(m, p).not.toBeNull();
        if (!m) continue;
        if (brief) short++;
        expect(pncCheckLetter(m[1].slice(-2), m[2])).toBe(m[3]);
        expect(normalisePnc(p, 2026)).not.toBeNull();
      }
      const c = row[R['CRO No']];
      if (c) {
        cro++;
        const m = /^(\d{6})\/(\d{2})([A-Z])$/.exec(c);
        expect(m, c).not.toBeNull();
        if (!m) continue;
        expect(croCheckLetter(m[2], m[1])).toBe(m[3]);
        expect(normaliseCro(c)).not.toBeNull();
      }
    }
    const n = big.output.releases.rows.length;
    expectRate('PNC present', pnc, n, DEFAULT_RATES.releasePnc);
    expectRate('PNC short form', short, pnc, DEFAULT_RATES.pncShortForm);
    expectRate('CRO present', cro, n, DEFAULT_RATES.releaseCro);
  });

  it('gives each released person one well-formed prison number of their own', () => {
    const byPerson = new Map<string, string>();
    const byNumber = new Map<string, string>();
    for (const b of big.bookings) {
      const no = b.row[R['Prison No']];
      expect(no).toMatch(/^[A-Z]\d{4}[A-Z]{2}$/);
      expect(byPerson.get(b.person.id) ?? no).toBe(no);
      expect(byNumber.get(no) ?? b.person.id).toBe(b.person.id);
      byPerson.set(b.person.id, no);
      byNumber.set(no, b.person.id);
    }
  });

  it('writes format-valid postcodes, the NFA placeholder, or nothing', () => {
    const valid = /^([A-Z]{1,2}\d{1,2} \d[ABDEFGHJLNPQRSTUWXYZ]{2}|NF1 1NF)?$/;
    const all = [
      ...big.output.releases.rows.map((r) => r[R['Release Postcode']]),
      ...big.output.treatment.rows.map((r) => r[T.Postcode]),
    ];
    expect(all.filter((pc) => !valid.test(pc))).toEqual([]);
    expect(all.filter((pc) => pc === 'NF1 1NF').length).toBeGreaterThan(0);
    expect(all.filter((pc) => pc === '').length).toBeGreaterThan(0);
  });
});

describe('release list', () => {
  it('puts releases in the 26 weeks before the extract date, skewed to Thursday and Friday', () => {
    const days = big.output.releases.rows.map((r) => ukToDays(r[R['Release Date']]));
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (const d of days) {
      expect(d).toBeGreaterThanOrEqual(asOf - WINDOW_DAYS);
      expect(d).toBeLessThan(asOf);
      counts[weekday(d)]++;
    }
    const n = days.length;
    expectRate('Friday releases', counts[4], n, DEFAULT_RATES.releaseFriday);
    expectRate('Thursday releases', counts[3], n, DEFAULT_RATES.releaseThursday);
    expect(counts[4]).toBeGreaterThan(2 * Math.max(counts[0], counts[1], counts[2]));
    expect((counts[5] + counts[6]) / n).toBeLessThan(0.05);
  });

  it('has adults aged 18-70 at release, sex-appropriate prisons and flag rates as configured', () => {
    let nhs = 0;
    let nfa = 0;
    let need = 0;
    let ost = 0;
    let aliases = 0;
    const postcodeCounts = new Map<string, number>();
    for (const b of big.bookings) {
      const row = b.row;
      const dob = ukToDays(row[R['Date of Birth']]);
      const age = (b.day - dob) / 365.25;
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(70);
      expect(row[R.Gender]).toBe(b.person.sex);
      const womens = ['HMP New Hall', 'HMP Askham Grange', 'HMP Styal'].includes(row[R.Establishment]);
      expect(womens).toBe(b.person.sex === 'F');
      expect(['CRD', 'ARD', 'HDC', 'PRRD', 'PED']).toContain(row[R['Release Type']]);
      if (row[R['NHS Number']]) nhs++;
      if (row[R.NFA] === 'Y') {
        nfa++;
        expect(['', 'NF1 1NF']).toContain(row[R['Release Postcode']]);
      }
      if (row[R['Substance Misuse Need']] === 'Y') {
        need++;
        if (row[R['OST on Release']] === 'Y') ost++;
      } else {
        expect(row[R['OST on Release']]).toBe('N');
      }
      if (row[R.Aliases]) {
        aliases++;
        expect(row[R.Aliases].split('; ').length).toBeLessThanOrEqual(3);
      }
      const pc = row[R['Release Postcode']];
      postcodeCounts.set(pc, (postcodeCounts.get(pc) ?? 0) + 1);
    }
    const n = big.bookings.length;
    expectRate('release NHS present', nhs, n, DEFAULT_RATES.releaseNhs);
    expectRate('NFA', nfa, n, DEFAULT_RATES.nfa);
    expectRate('substance need', need, n, DEFAULT_RATES.substanceNeed);
    expectRate('OST on release', ost, need, DEFAULT_RATES.ostOnRelease);
    // Aliases are per person; a recalled person's two rows share them.
    expect(Math.abs(aliases / n - DEFAULT_RATES.alias)).toBeLessThan(0.03);
    // Hostel postcodes: shared by many rows.
    let shared = 0;
    for (const [pc, k] of postcodeCounts) if (pc && pc !== 'NF1 1NF' && k >= 5) shared += k;
    expectRate('hostel postcodes', shared, n, DEFAULT_RATES.hostel);
  });

  it('writes surnames upper case, sometimes "MC DONALD", and forenames with middle names', () => {
    let spaced = 0;
    let mc = 0;
    for (const b of big.bookings) {
      const surname = b.row[R.Surname];
      expect(surname).toBe(surname.toUpperCase());
      if (/^(MC|MAC) /.test(surname)) spaced++;
      if (/^(Mc|Mac)[A-Z]/.test(b.person.surname)) mc++;
      expect(b.row[R['Forename(s)']].toUpperCase()).toBe(
        b.person.middle ? `${b.person.forename} ${b.person.middle}` : b.person.forename,
      );
    }
    expect(mc).toBeGreaterThan(0);
    expectRate('Mc spacing', spaced, mc, DEFAULT_RATES.releaseMcSpace);
    expect(big.bookings.some((b) => b.row[R.Surname].includes('-'))).toBe(true);
    expect(big.bookings.some((b) => b.row[R.Surname].includes("'"))).toBe(true);
  });

  it('re-releases recalled people under the same Prison No, a new Booking Ref and a later date', () => {
    const byPerson = new Map<string, typeof big.bookings>();
    for (const b of big.bookings) byPerson.set(b.person.id, [...(byPerson.get(b.person.id) ?? []), b]);
    const recalled = [...byPerson.values()].filter((list) => list.length > 1);
    expectRate('recall', recalled.length, byPerson.size, DEFAULT_RATES.recall);
    for (const [first, second] of recalled) {
      expect(second.ref).not.toBe(first.ref);
      expect(second.row[R['Prison No']]).toBe(first.row[R['Prison No']]);
      expect(second.day).toBeGreaterThan(first.day);
      expect(second.row[R['Release Type']]).toBe('PRRD');
    }
    const truth = new Map(big.output.truth.map((t) => [t.id, t.entity]));
    for (const [first, second] of recalled) expect(truth.get(first.ref)).toBe(truth.get(second.ref));
  });
});

describe('treatment extract', () => {
  const released = big.treatment.filter((t) => t.record.kind === 'released');

  it('gives about 70% of released people a record, 5% duplicates and 3% lookalikes', () => {
    const releasedPeople = new Set(big.bookings.map((b) => b.person.id)).size;
    expectRate('treatment record', released.length, releasedPeople, DEFAULT_RATES.treatmentRecord);
    const lookalikes = big.treatment.filter((t) => t.record.kind === 'lookalike').length;
    expectRate('lookalike', lookalikes, releasedPeople, DEFAULT_RATES.lookalike);
    const duplicates = big.treatment.filter((t) => t.record.kind === 'duplicate').length;
    expectRate('duplicate', duplicates, big.treatment.length - duplicates, DEFAULT_RATES.duplicate);
  });

  it('has roughly half of released people with a record starting treatment within 21 days', () => {
    const releaseOf = new Map<string, number>();
    for (const b of big.bookings) if (b.sequence === 0) releaseOf.set(b.person.id, b.day);
    const starts = new Map<string, number[]>();
    for (const t of big.treatment) {
      const s = t.row[T['Modality Start']];
      if (!s || !releaseOf.has(t.record.person.id)) continue;
      starts.set(t.record.person.id, [...(starts.get(t.record.person.id) ?? []), parseIso(s)]);
    }
    // Only releases whose 21-day window had closed by the extract date.
    const eligible = released.filter((t) => (releaseOf.get(t.record.person.id) ?? asOf) <= asOf - 22);
    let within = 0;
    let later = 0;
    for (const t of eligible) {
      const r = releaseOf.get(t.record.person.id) ?? 0;
      const list = starts.get(t.record.person.id) ?? [];
      if (list.some((s) => s >= r && s - r <= 21)) within++;
      else if (list.some((s) => s - r > 21)) later++;
    }
    expect(Math.abs(within / eligible.length - 0.5)).toBeLessThan(0.04);
    expect(later / eligible.length).toBeGreaterThan(0.08);
  });

  it('keeps history episodes entirely before release and no event after the extract date', () => {
    let history = 0;
    const wrong: string[] = [];
    for (const t of big.treatment) {
      const id = t.row[T['Client ID']];
      for (const col of ['Referral Date', 'Triage Date', 'Modality Start', 'Discharge Date']) {
        const v = t.row[T[col]];
        if (v && parseIso(v) > asOf) wrong.push(`${id} ${col} after the extract date`);
      }
      if (!t.row[T['Referral Date']]) wrong.push(`${id} no referral`);
      const { episode, booking } = t.record;
      if (episode.kind !== 'history' || !booking) continue;
      history++;
      const start = t.row[T['Modality Start']];
      const discharge = t.row[T['Discharge Date']];
      if (!start || parseIso(start) >= booking.day) wrong.push(`${id} history start`);
      if (!discharge || parseIso(discharge) >= booking.day) wrong.push(`${id} history discharge`);
      if (!t.row[T['Discharge Reason']]) wrong.push(`${id} history reason`);
    }
    expect(wrong).toEqual([]);
    expect(history).toBeGreaterThan(0);
  });

  it('refers some people before release (handover) and some after', () => {
    let before = 0;
    let after = 0;
    for (const t of released) {
      if (!t.record.booking || t.record.episode.kind === 'history') continue;
      const referral = parseIso(t.row[T['Referral Date']]);
      if (referral < t.record.booking.day) before++;
      else after++;
    }
    expect(before).toBeGreaterThan(0.3 * (before + after));
    expect(after).toBeGreaterThan(0.3 * (before + after));
  });

  it('shows prison numbers on about 15% of released people’s rows', () => {
    const withNo = released.filter((t) => t.row[T['Prison Number']] !== '').length;
    expectRate('treatment prison number', withNo, released.length, DEFAULT_RATES.treatmentPrisonNumber);
    for (const t of released) {
      const no = t.row[T['Prison Number']];
      if (no) expect(no).toBe(t.record.person.prisonNo);
    }
  });
});

describe('truth', () => {
  it('covers every row with the row’s person', () => {
    const { truth, releases, treatment } = big.output;
    expect(truth).toHaveLength(releases.rows.length + treatment.rows.length);
    const ids = truth.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const wrong: string[] = [];
    releases.rows.forEach((row, i) => {
      const t = truth[i];
      if (t.id !== row[0] || t.entity !== big.bookings[i].person.id) wrong.push(row[0]);
    });
    treatment.rows.forEach((row, i) => {
      const t = truth[releases.rows.length + i];
      if (t.id !== row[0] || t.entity !== big.treatment[i].record.person.id) wrong.push(row[0]);
    });
    for (const t of truth) if (!/^P\d{6,}$/.test(t.entity)) wrong.push(t.entity);
    expect(wrong).toEqual([]);
  });

  it('makes lookalikes different entities who share a surname and a date of birth or forename', () => {
    const releasedById = new Map(big.bookings.map((b) => [b.person.id, b.person]));
    const lookalikes = big.treatment.filter((t) => t.record.kind === 'lookalike');
    expect(lookalikes.length).toBeGreaterThan(50);
    let resembling = 0;
    let sameDob = 0;
    let sameName = 0;
    for (const t of lookalikes) {
      const p = t.record.person;
      expect(releasedById.has(p.id)).toBe(false);
      const twin = [...releasedById.values()].find(
        (q) => q.surname === p.surname && (q.dob === p.dob || q.forename === p.forename),
      );
      if (twin) resembling++;
      if (twin?.dob === p.dob) sameDob++;
      else if (twin?.forename === p.forename) sameName++;
    }
    expect(resembling).toBe(lookalikes.length);
    expect(sameDob).toBeGreaterThan(0.2 * lookalikes.length);
    expect(sameName).toBeGreaterThan(0.4 * lookalikes.length);
  });

  it('gives duplicate registrations the same entity as the original', () => {
    const dups = big.treatment.filter((t) => t.record.kind === 'duplicate');
    const entities = new Set(
      big.treatment.filter((t) => t.record.kind !== 'duplicate').map((t) => t.record.person.id),
    );
    for (const d of dups) expect(entities.has(d.record.person.id)).toBe(true);
  });
});

describe('treatment-side variation', () => {
  it('applies every variation at its configured rate on a 20,000-row sample', () => {
    expect(big.treatment.length).toBe(20_000);
    for (const v of VARIATIONS) {
      let eligible = 0;
      let applied = 0;
      for (const t of big.treatment) {
        if (t.eligible & bit(v)) eligible++;
        if (t.applied & bit(v)) applied++;
      }
      expectRate(v, applied, eligible, DEFAULT_RATES[v]);
    }
  });

  it('shows the variations in the data', () => {
    let placeholder = 0;
    let missing = 0;
    for (const t of big.treatment) {
      const p = t.record.person;
      const first = t.row[T['First Name']];
      const last = t.row[T['Last Name']];
      const dob = t.row[T.DOB];
      const has = (v: (typeof VARIATIONS)[number]): boolean => (t.applied & bit(v)) !== 0;
      if (dob === '1900-01-01' || dob === '1970-01-01') placeholder++;
      if (dob === '') missing++;
      const clean = (s: string): string => s.toUpperCase();
      if (has('nickname') && !has('forenameTypo') && !has('nameCase')) {
        expect(NICKNAMES.get(p.forename)).toContain(clean(first));
      }
      if (has('nameSwap') && !has('forenameTypo') && !has('surnameTypo')) {
        expect(clean(first)).toBe(clean(p.surname));
        expect(clean(last)).toBe(p.forename);
      }
      if (has('middleAsFirst') && !has('forenameTypo')) expect(clean(first)).toBe(p.middle);
      if (has('dobSwap') && !has('dobDigit')) {
        const { y, m, d } = civilFromDays(p.dob);
        expect(dob).toBe(`${y}-${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}`);
      }
      if (!has('nameSwap') && !has('middleAsFirst') && !has('nickname') && !has('forenameTypo')) {
        expect(clean(first)).toBe(p.forename);
      }
      if (
        !has('nameSwap') &&
        !has('surnameChange') &&
        !has('surnameTypo') &&
        !has('nameCase') &&
        !has('forenameTypo')
      ) {
        expect(last).toBe(p.surname);
      }
    }
    const n = big.treatment.length;
    expectRate(
      'DOB placeholder (data)',
      placeholder,
      n,
      DEFAULT_RATES.dobPlaceholder * (1 - DEFAULT_RATES.dobMissing),
    );
    expectRate('DOB missing (data)', missing, n, DEFAULT_RATES.dobMissing);
    expect(big.output.treatment.rows.some((r) => r[T['Last Name']] === r[T['Last Name']].toLowerCase())).toBe(
      true,
    );
  });

  it('follows rate overrides (all variation off gives clean names and dates)', () => {
    const off = Object.fromEntries(VARIATIONS.map((v) => [v, 0]));
    const d = generate({ people: 300, treatment: 1000, seed: 2, rates: off });
    for (const t of d.treatment) {
      expect(t.applied).toBe(0);
      const p = t.record.person;
      expect(t.row[T['First Name']].toUpperCase()).toBe(p.forename);
      expect(t.row[T['Last Name']]).toBe(p.surname);
      const { y, m, d: day } = civilFromDays(p.dob);
      expect(t.row[T.DOB]).toBe(`${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    }
  });
});
