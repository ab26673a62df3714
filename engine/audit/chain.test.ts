import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  type AuditEntry,
  appendEntry,
  type ChainAnchor,
  type ChainVerification,
  chainAnchor,
  entryHash,
  GENESIS_HASH,
  verifyChain,
} from './index';
import { SAMPLE_DRAFTS } from './sample-drafts';

const start = Date.UTC(2024, 4, 1, 9, 0, 0);

/** A trail of n entries, cycling through every action, one minute apart. */
async function trail(n: number, from: AuditEntry | null = null): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let previous = from;
  for (let i = 0; i < n; i++) {
    previous = await appendEntry(
      previous,
      SAMPLE_DRAFTS[AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]],
      new Date(start + i * 60_000),
    );
    entries.push(previous);
  }
  return entries;
}

const copy = (entries: AuditEntry[]): AuditEntry[] => structuredClone(entries);

function failed(result: ChainVerification) {
  if (result.ok) throw new Error('expected the chain to fail verification');
  return result;
}

describe('appendEntry', () => {
  it('numbers entries from 0, links each to the one before and hashes every other field', async () => {
    const [first, second] = await trail(2);
    expect(first.seq).toBe(0);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(first.at).toBe('2024-05-01T09:00:00.000Z');
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.hash).toBe(await entryHash(first));
    expect(second.seq).toBe(1);
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).not.toBe(first.hash);
  });

  it('gives the same hash whatever order the fields were written in', async () => {
    const [entry] = await trail(1);
    const reversed = Object.fromEntries(Object.entries(entry).reverse()) as AuditEntry;
    expect(await entryHash(reversed)).toBe(entry.hash);
  });

  it('keeps its own copy of the draft', async () => {
    const draft = structuredClone(SAMPLE_DRAFTS.import);
    const entry = await appendEntry(null, draft, new Date(start));
    draft.details.input.rowCount = 999;
    expect(entry.action === 'import' && entry.details.input.rowCount).toBe(120);
    expect((await verifyChain([entry])).ok).toBe(true);
  });
});

describe('verifyChain', () => {
  let entries: AuditEntry[];
  let anchor: ChainAnchor;
  beforeAll(async () => {
    entries = await trail(20);
    anchor = chainAnchor(entries[19]);
  });

  it('passes an untouched trail, with and without its anchor, and after a JSON round trip', async () => {
    const expected = { ok: true, count: 20, headHash: entries[19].hash };
    expect(await verifyChain(entries)).toEqual(expected);
    expect(await verifyChain(entries, anchor)).toEqual(expected);
    expect(await verifyChain(JSON.parse(JSON.stringify(entries)), anchor)).toEqual(expected);
    expect(await verifyChain([], chainAnchor(null))).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('finds one field edited in the middle', async () => {
    const edited = copy(entries);
    edited[10].at = '2024-05-01T08:00:00.000Z';
    const result = failed(await verifyChain(edited, anchor));
    expect(result).toMatchObject({ position: 10, problem: 'edited' });
    expect(result.reason).toMatch(/changed since it was written/);
  });

  it('finds an edit to the actor or the details', async () => {
    const actor = copy(entries);
    actor[4].actor.displayName = 'Someone Else';
    expect(failed(await verifyChain(actor))).toMatchObject({ position: 4, problem: 'edited' });
    const details = copy(entries);
    const link = details[3];
    if (link.action !== 'link') throw new Error('entry 3 should be a link run');
    link.details.thresholds = { lower: 0.1, upper: 0.2 };
    expect(failed(await verifyChain(details))).toMatchObject({ position: 3, problem: 'edited' });
  });

  it('finds an entry edited and its hash recomputed, from the next entry', async () => {
    const edited = copy(entries);
    edited[10].at = '2024-05-01T08:00:00.000Z';
    edited[10].hash = await entryHash(edited[10]);
    const result = failed(await verifyChain(edited, anchor));
    expect(result).toMatchObject({ position: 10, problem: 'edited' });
    expect(result.reason).toMatch(/hash recomputed/);
  });

  it('finds a deleted entry', async () => {
    const deleted = entries.filter((_, i) => i !== 10);
    const result = failed(await verifyChain(deleted, anchor));
    expect(result).toMatchObject({ position: 10, problem: 'deleted' });
    expect(result.reason).toMatch(/Entry number 10 is missing/);
    expect(failed(await verifyChain(entries.slice(1)))).toMatchObject({ position: 0, problem: 'deleted' });
  });

  it('finds two entries swapped', async () => {
    const swapped = [...entries];
    [swapped[10], swapped[11]] = [swapped[11], swapped[10]];
    const result = failed(await verifyChain(swapped, anchor));
    expect(result).toMatchObject({ position: 10, problem: 'reordered' });
  });

  it('finds an entry moved further down', async () => {
    const moved = [...entries];
    const [taken] = moved.splice(5, 1);
    moved.splice(15, 0, taken);
    expect(failed(await verifyChain(moved))).toMatchObject({ position: 5, problem: 'reordered' });
  });

  it('finds an entry inserted, even one built to fit after its predecessor', async () => {
    const forged = await appendEntry(entries[9], SAMPLE_DRAFTS.wipe, new Date(start + 9.5 * 60_000));
    const inserted = [...entries.slice(0, 10), forged, ...entries.slice(10)];
    const result = failed(await verifyChain(inserted, anchor));
    expect(result).toMatchObject({ position: 11, problem: 'inserted' });
    expect(result.reason).toMatch(/inserted/);
  });

  it('finds the last entry removed only with the anchor', async () => {
    const cut = entries.slice(0, 19);
    expect((await verifyChain(cut)).ok).toBe(true); // a chain cannot see its own end
    const result = failed(await verifyChain(cut, anchor));
    expect(result).toMatchObject({ position: 19, problem: 'truncated' });
    expect(result.reason).toBe(
      'The trail has 19 entries but 20 were recorded: the last entry has been removed.',
    );
  });

  it('finds a trail rewritten from the start, and one extended past its anchor, with the anchor', async () => {
    const first = await appendEntry(null, SAMPLE_DRAFTS.unlock, new Date(start - 60_000));
    const rebuilt = [first, ...(await trail(19, first))];
    expect((await verifyChain(rebuilt)).ok).toBe(true);
    expect(failed(await verifyChain(rebuilt, anchor))).toMatchObject({ position: 19, problem: 'rewritten' });

    const extended = [...entries, ...(await trail(2, entries[19]))];
    expect((await verifyChain(extended)).ok).toBe(true);
    expect(failed(await verifyChain(extended, anchor))).toMatchObject({ position: 20, problem: 'extended' });
    expect((await verifyChain(extended.slice(0, anchor.count), anchor)).ok).toBe(true);
  });

  it('refuses an entry that is not well formed, even with a matching hash', async () => {
    const extra = copy(entries);
    const entry = extra[7] as AuditEntry & { note?: string };
    entry.note = 'Jane Smith, born 12/03/1985';
    entry.hash = await entryHash(entry);
    const result = failed(await verifyChain(extra));
    expect(result).toMatchObject({ position: 7, problem: 'malformed' });
    expect(result.reason).not.toMatch(/Jane/);
  });
});
