import { UnionFind } from './union-find';

export interface Clusters {
  /** Cluster number of each record, numbered 0.. in order of each cluster's first record. */
  clusterOf: Int32Array;
  count: number;
}

/**
 * Connected components over the accepted links: records linked directly or through a chain of
 * links are one person. `accept(p)` says whether candidate pair p is a link.
 */
export function connectedComponents(
  n: number,
  left: Int32Array,
  right: Int32Array,
  pairCount: number,
  accept: (p: number) => boolean,
): Clusters {
  const sets = new UnionFind(n);
  for (let p = 0; p < pairCount; p++) if (accept(p)) sets.union(left[p], right[p]);
  const numberOfRoot = new Int32Array(n).fill(-1);
  const clusterOf = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    if (numberOfRoot[root] < 0) numberOfRoot[root] = count++;
    clusterOf[i] = numberOfRoot[root];
  }
  return { clusterOf, count };
}
