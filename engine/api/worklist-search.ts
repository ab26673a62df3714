import Fuse from 'fuse.js';

/**
 * Fuzzy search of the worklist by name (fuse.js token search: every word of the query must match
 * a word of the name, each within the threshold, so "jon smith" narrows to SMITH, Jonathan). The
 * index holds each distinct name once (a worklist of 100,000 releases has about 60,000), and a
 * hit brings back all its rows in worklist order. A query that is exactly a record id finds that
 * release first.
 *
 * It runs in the engine worker, next to the names: at 100,000 rows one search takes 80-180 ms,
 * which on the page would freeze typing (see the benchmark in README.md).
 */
export class NameSearch {
  private readonly fuse: Fuse<string>;
  /** Rows of distinct name d: rows[start[d]] .. rows[start[d + 1]], in worklist order. */
  private readonly start: Int32Array;
  private readonly rows: Int32Array;
  private readonly idRows = new Map<string, number[]>();

  constructor(names: readonly string[], recordIds: readonly string[] = []) {
    const distinct = new Map<string, number>();
    const nameOf = new Int32Array(names.length);
    names.forEach((name, r) => {
      let d = distinct.get(name);
      if (d === undefined) {
        d = distinct.size;
        distinct.set(name, d);
      }
      nameOf[r] = d;
    });
    this.start = new Int32Array(distinct.size + 1);
    for (let r = 0; r < names.length; r++) this.start[nameOf[r] + 1]++;
    for (let d = 0; d < distinct.size; d++) this.start[d + 1] += this.start[d];
    const cursor = this.start.slice(0, distinct.size);
    this.rows = new Int32Array(names.length);
    for (let r = 0; r < names.length; r++) this.rows[cursor[nameOf[r]]++] = r;
    recordIds.forEach((id, r) => {
      const key = id.trim().toUpperCase();
      const list = this.idRows.get(key);
      if (list) list.push(r);
      else this.idRows.set(key, [r]);
    });
    this.fuse = new Fuse([...distinct.keys()], {
      useTokenSearch: true,
      tokenMatch: 'all',
      threshold: 0.3,
      ignoreLocation: true,
      ignoreDiacritics: true,
    });
  }

  /** Matching rows, best match first; every row for an empty query. */
  search(query: string): Int32Array {
    const q = query.trim();
    if (q === '') return Int32Array.from({ length: this.rows.length }, (_, r) => r);
    const out: number[] = [];
    const seen = new Set<number>();
    for (const r of this.idRows.get(q.toUpperCase()) ?? []) {
      out.push(r);
      seen.add(r);
    }
    for (const hit of this.fuse.search(q)) {
      const d = hit.refIndex;
      for (let a = this.start[d]; a < this.start[d + 1]; a++)
        if (!seen.has(this.rows[a])) out.push(this.rows[a]);
    }
    return Int32Array.from(out);
  }
}
