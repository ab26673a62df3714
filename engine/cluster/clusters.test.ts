import { describe, expect, it } from 'vitest';
import { connectedComponents } from './clusters';

describe('connectedComponents', () => {
  it('joins chains of accepted links and leaves rejected pairs apart', () => {
    const left = Int32Array.from([0, 1, 3, 4]);
    const right = Int32Array.from([1, 2, 4, 5]);
    const accepted = [true, true, false, true];
    const { clusterOf, count } = connectedComponents(6, left, right, 4, (p) => accepted[p]);
    expect(count).toBe(3);
    expect(clusterOf[0]).toBe(clusterOf[2]); // 0-1-2 through a chain
    expect(clusterOf[3]).not.toBe(clusterOf[4]); // the rejected pair
    expect(clusterOf[4]).toBe(clusterOf[5]);
    expect(Array.from(clusterOf)).toEqual([0, 0, 0, 1, 2, 2]); // numbered by first record
  });
});
