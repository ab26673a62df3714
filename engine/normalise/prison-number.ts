/**
 * Prison (NOMIS offender) number, e.g. A1234BC: one letter, four digits, two letters
 * (domain.md §2.1). No check character is known. Input is upper-cased, as MoJ services do.
 */
const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/;

export function normalisePrisonNumber(raw: string): string | null {
  const cleaned = raw.replace(/\s+/g, '').toUpperCase();
  return PRISON_NUMBER.test(cleaned) ? cleaned : null;
}
