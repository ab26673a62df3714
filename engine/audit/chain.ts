import { z } from 'zod';
import { canonicalJson } from './canonical';
import { type AuditDraft, AuditDraftError, checkDraft } from './details';

/**
 * The audit trail is a hash chain. Each entry carries the SHA-256 of the entry before it
 * (`prevHash`) and its own SHA-256 (`hash`) over the canonical JSON of all its other fields. So:
 *
 * - an entry edited in place no longer matches its own hash;
 * - an entry edited and re-hashed no longer matches the `prevHash` of the entry after it;
 * - an entry deleted, inserted or moved breaks the sequence numbers and the links.
 *
 * What a chain cannot show by itself is its own end: the last entries can be cut off, or the
 * whole chain rewritten from scratch, and what is left is still a valid chain. That is what the
 * anchor is for: the entry count and the head hash, kept apart from the trail (in settings, or
 * noted by the IG lead from an export) and updated in the same transaction as every append.
 * Given the anchor, `verifyChain` also reports a trail shorter than the anchor ('truncated'), one
 * whose entry at the anchor is not the anchored head ('rewritten'), and one that goes on past the
 * anchor ('extended': entries added without the tool's bookkeeping). The anchor is only as good
 * as its separation from the trail: someone who can rewrite both can rewrite history.
 *
 * Hashing uses WebCrypto (`crypto.subtle`), the same in Node 20 and in the browser worker.
 */

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = AuditDraft & {
  /** 0 for the first entry, then 1, 2, ... with no gaps. */
  seq: number;
  /** When it happened, ISO 8601 in UTC. */
  at: string;
  /** `hash` of the entry before (GENESIS_HASH for the first). */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field of this entry. */
  hash: string;
};

/** What is kept apart from the trail to detect entries cut from its end. */
export interface ChainAnchor {
  count: number;
  headHash: string;
}

export type ChainProblem =
  | 'malformed'
  | 'edited'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'rewritten'
  | 'extended';

export type ChainVerification =
  | { ok: true; count: number; headHash: string }
  | {
      ok: false;
      /** Position in the array given (0-based) where the trail first goes wrong. */
      position: number;
      problem: ChainProblem;
      /** Plain English for the IG lead; positions and sequence numbers only, no contents. */
      reason: string;
    };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The fields an entry adds to its draft; the draft part is checked by checkDraft. */
const entryFields = z.strictObject({
  seq: z.number().int().nonnegative(),
  at: z.iso.datetime(),
  actor: z.unknown(),
  action: z.unknown(),
  details: z.unknown(),
  prevHash: hex64,
  hash: hex64,
});

const wellFormed = (entry: AuditEntry): boolean =>
  entryFields.safeParse(entry).success &&
  checkDraft({ actor: entry.actor, action: entry.action, details: entry.details }).ok;

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash an entry should carry: over every field except `hash` itself. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): Promise<string> {
  const { hash: _, ...fields } = entry;
  return sha256Hex(canonicalJson(fields));
}

/**
 * The entry that follows `previous` (null for the first entry of a trail). The draft is checked
 * against its action's schema first; a draft with an unknown field, or a value that is not of
 * the expected form, throws AuditDraftError naming the fields (never the values).
 *
 * Appending is pure: storing the entry and updating the anchor is the caller's job, one entry
 * at a time, in the same transaction.
 */
export async function appendEntry(
  previous: AuditEntry | null,
  draft: AuditDraft,
  at: Date,
): Promise<AuditEntry> {
  const checked = checkDraft(draft);
  if (!checked.ok) throw new AuditDraftError(checked.problems);
  const fields = {
    seq: previous ? previous.seq + 1 : 0,
    at: at.toISOString(),
    ...checked.draft,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...fields, hash: await entryHash(fields) } as AuditEntry;
}

/** The anchor to keep after appending `head` (null: an empty trail). */
export function chainAnchor(head: AuditEntry | null): ChainAnchor {
  return head ? { count: head.seq + 1, headHash: head.hash } : { count: 0, headHash: GENESIS_HASH };
}

const failure = (position: number, problem: ChainProblem, reason: string): ChainVerification => ({
  ok: false,
  position,
  problem,
  reason,
});

/**
 * Checks a whole trail, in order, and reports the first place it goes wrong. Without an anchor
 * the check cannot see entries removed from the end (see the note at the top of this file).
 */
export async function verifyChain(
  entries: readonly AuditEntry[],
  anchor?: ChainAnchor,
): Promise<ChainVerification> {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!wellFormed(entry))
      return failure(i, 'malformed', `The entry at position ${i} is not a well-formed audit entry.`);
    if ((await entryHash(entry)) !== entry.hash)
      return failure(
        i,
        'edited',
        `The entry at position ${i} (number ${entry.seq}) has been changed since it was written: ` +
          'its contents no longer match its hash.',
      );
    // Every earlier entry had its expected number, so a smaller number repeats one of them.
    if (entry.seq < i)
      return failure(
        i,
        'inserted',
        `The entry at position ${i} repeats number ${entry.seq}: an entry has been inserted before it.`,
      );
    if (entry.seq > i) {
      if (entries.slice(i + 1).some((e) => e.seq === i))
        return failure(
          i,
          'reordered',
          `The entry at position ${i} is number ${entry.seq}, where number ${i} was expected: ` +
            'entries have been moved out of order.',
        );
      const missing = entry.seq - i;
      return failure(
        i,
        'deleted',
        `${missing === 1 ? `Entry number ${i} is` : `Entries numbered ${i} to ${entry.seq - 1} are`} missing ` +
          `(the entry at position ${i} is number ${entry.seq}): ${missing === 1 ? 'it was' : 'they were'} deleted.`,
      );
    }
    const expectedPrev = i === 0 ? GENESIS_HASH : entries[i - 1].hash;
    if (entry.prevHash !== expectedPrev)
      return i === 0
        ? failure(0, 'edited', 'The first entry does not start the trail: it records an entry before it.')
        : failure(
            i - 1,
            'edited',
            `The entry at position ${i - 1} (number ${i - 1}) is not the one the entry after it follows: ` +
              'it was changed and its hash recomputed, or replaced.',
          );
  }

  const count = entries.length;
  const headHash = count ? entries[count - 1].hash : GENESIS_HASH;
  if (anchor) {
    if (count < anchor.count) {
      const cut = anchor.count - count;
      return failure(
        count,
        'truncated',
        `The trail has ${count} entries but ${anchor.count} were recorded: the last ${cut === 1 ? 'entry has' : `${cut} entries have`} been removed.`,
      );
    }
    const anchored = anchor.count === 0 ? GENESIS_HASH : entries[anchor.count - 1].hash;
    if (anchored !== anchor.headHash)
      return failure(
        Math.max(anchor.count - 1, 0),
        'rewritten',
        `Entry number ${anchor.count - 1} is not the one recorded as the latest: the trail has been rewritten.`,
      );
    // The anchor moves with every append, so entries beyond it bypassed the tool. (To check an
    // older anchor, such as one noted from an export, pass only the entries up to it.)
    if (count > anchor.count) {
      const extra = count - anchor.count;
      return failure(
        anchor.count,
        'extended',
        `The trail has ${extra} ${extra === 1 ? 'entry' : 'entries'} after the one recorded as the latest: ` +
          `${extra === 1 ? 'it was' : 'they were'} added without going through throughline.`,
      );
    }
  }
  return { ok: true, count, headHash };
}
