/**
 * A canonical JSON text for hashing: object keys sorted by code unit, no whitespace, absent
 * (undefined) properties left out, numbers as JavaScript writes them. Two values that are equal
 * as data always give the same text, whatever order their keys were written in, so a hash taken
 * on one device can be checked on another or after a round trip through storage or a JSON export.
 *
 * Only plain JSON data is accepted: a value JSON cannot carry exactly (NaN, Infinity, a bigint, a
 * Date, a class instance) is refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: a number must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: ${typeof value} values are not plain JSON data`);
}
