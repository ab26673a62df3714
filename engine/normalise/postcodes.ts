import { isMissingToken } from './missing';

/**
 * A postcode and the coarser parts that postcode comparison levels use (full, sector, district,
 * area; Splink's PostcodeComparison). `full` is null for a partial UK code ("LS6", as NDTMS keeps
 * only the outward part, domain.md §2.2), so a district never agrees as if it were a full postcode.
 * A non-UK value keeps only `full`.
 */
export interface ParsedPostcode {
  full: string | null;
  sector: string | null;
  district: string | null;
  area: string | null;
}

// Outward code: A9, A99, A9A, AA9, AA99, AA9A. Inward code: digit + two letters.
const UK_FULL = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const UK_SECTOR = /^([A-Z]{1,2}\d[A-Z\d]?) (\d)$/;
const UK_OUTWARD = /^([A-Z]{1,2})\d[A-Z\d]?$/;
// A letter O typed for the zero that starts an inward code ("LS6 OAB").
const INWARD_LETTER_O = /^([A-Z]{1,2}\d[A-Z\d]?)O([A-Z]{2})$/;

/** No fixed abode, written as placeholder postcodes or in words (domain.md §4.5). */
const NO_FIXED_ABODE = new Set(['NF11NF', 'NF11FA', 'ZZ993VZ', 'NFA', 'NOFIXEDABODE', 'NOFIXEDADDRESS']);

function squash(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** True for NF1 1NF, NF1 1FA, ZZ99 3VZ, "NFA", "N.F.A.", "No fixed abode" / "address". */
export function isNoFixedAbode(raw: string): boolean {
  return NO_FIXED_ABODE.has(squash(raw));
}

function ukParts(outward: string, inward: string): ParsedPostcode {
  return {
    full: `${outward} ${inward}`,
    sector: `${outward} ${inward[0]}`,
    district: outward,
    area: UK_OUTWARD.exec(outward)![1],
  };
}

/**
 * Any spacing or case: "ls62ab", " LS6  2AB " -> { full "LS6 2AB", sector "LS6 2", district "LS6",
 * area "LS" }. Null when missing, no fixed abode, or an NHS ZZ99 pseudo-postcode (ZZ99 3VZ no fixed
 * abode, ZZ99 3WZ address not known, and the other ZZ99 codes, which are never places).
 */
export function parsePostcode(raw: string): ParsedPostcode | null {
  if (isMissingToken(raw) || isNoFixedAbode(raw)) return null;
  const squashed = squash(raw);
  if (squashed === '') return null;
  if (squashed.startsWith('ZZ99')) return null;

  const full = UK_FULL.exec(squashed);
  if (full) return ukParts(full[1], full[2]);
  const letterO = INWARD_LETTER_O.exec(squashed);
  if (letterO) return ukParts(letterO[1], `0${letterO[2]}`);

  const spaced = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  const sector = UK_SECTOR.exec(spaced);
  if (sector) {
    return { full: null, sector: spaced, district: sector[1], area: UK_OUTWARD.exec(sector[1])![1] };
  }
  const outward = UK_OUTWARD.exec(squashed);
  if (outward && squashed === spaced)
    return { full: null, sector: null, district: squashed, area: outward[1] };

  // Not a UK postcode (e.g. "4223" in FEBRL's Australian data): keep it, cleaned, for exact agreement.
  return { full: spaced, sector: null, district: null, area: null };
}
