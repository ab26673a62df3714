/**
 * The audit trail as this engine writes and reads it (the chain itself is engine/audit): the
 * anchor of the stored chain, the appends, and the page, verification, export and deletion the IG
 * page offers.
 *
 * Entries are made one at a time behind a small lock, from the anchor: only its count and hash are
 * needed to chain the next entry, so a damaged trail never stops work (Verify reports it), and the
 * trail stays one chain even when a read is recorded while a change is being stored.
 */
import { type Outcome, ok } from '../../shared/workspace';
import type { AuditCheck, AuditPage, GovernanceStatus, Profile } from '../api/governance-types';
import type { ExportFile } from '../api/report-types';
import {
  type AuditDraft,
  type AuditEntry,
  appendEntry,
  auditToCsv,
  auditToJson,
  type ChainAnchor,
  chainAnchor,
  verifyChain,
} from '../audit';
import { AuditConflictError, type Store } from '../store';
import type { AuditBody } from './audit-of-change';
import { conflict, invalid } from './refusals';
import { SETTING } from './setting-keys';

/** Where an entry after the anchor's head starts: only its number and hash are needed. */
const headOf = (anchor: ChainAnchor): AuditEntry | null =>
  anchor.count === 0 ? null : ({ seq: anchor.count - 1, hash: anchor.headHash } as AuditEntry);

const actorOf = (p: Profile) => ({ profileId: p.id, displayName: p.displayName, role: p.role });

const utf8Bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

export class AuditTrail {
  /** Serialises appends to the trail (reads are recorded while changes are being stored). */
  private appending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    /** Who entries are by unless said otherwise: the current profile. */
    private readonly actor: () => Profile,
    private anchor: ChainAnchor,
    private lastVerification: AuditCheck | null,
  ) {}

  get summary(): GovernanceStatus['audit'] {
    return { count: this.anchor.count, headHash: this.anchor.headHash, lastCheck: this.lastVerification };
  }

  /**
   * Makes the entries for `bodies` after the current head, as `actor`, and hands them to `write`,
   * which stores them with whatever they record in one transaction. The head moves only when
   * `write` succeeds.
   */
  append<T>(
    bodies: readonly AuditBody[],
    write: (entries: AuditEntry[]) => Promise<T>,
    actor: Profile = this.actor(),
  ): Promise<T> {
    const at = this.now();
    const who = actorOf(actor);
    const build = async (): Promise<AuditEntry[]> => {
      const entries: AuditEntry[] = [];
      let previous = headOf(this.anchor);
      for (const body of bodies) {
        previous = await appendEntry(previous, { actor: who, ...body } as AuditDraft, at);
        entries.push(previous);
      }
      return entries;
    };
    const run = async (): Promise<T> => {
      let entries = await build();
      let result: T;
      try {
        result = await write(entries);
      } catch (e) {
        // Another engine appended to the same store (only ever briefly, e.g. during an update):
        // follow the stored head once; the store checks it again in the same transaction.
        if (!(e instanceof AuditConflictError)) throw e;
        this.anchor = await this.store.auditAnchor();
        entries = await build();
        result = await write(entries);
      }
      if (entries.length) this.anchor = chainAnchor(entries.at(-1)!);
      return result;
    };
    const result = this.appending.then(run);
    this.appending = result.catch(() => undefined);
    return result;
  }

  /** Stores audit entries that record no change to the data (a view, an export, an unlock). */
  record(bodies: readonly AuditBody[], actor?: Profile): Promise<void> {
    return this.append(bodies, (entries) => this.store.commit({ appendAudit: entries }), actor);
  }

  /** The newest `limit` entries before `before` (by number), newest first. */
  async page(options: { limit?: number; before?: number }): Promise<AuditPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
    const to = Math.min(options.before ?? this.anchor.count, this.anchor.count);
    const from = Math.max(0, to - limit);
    const entries = (await this.store.auditEntries({ from, to })).reverse();
    return { entries, total: this.anchor.count, nextBefore: from > 0 ? from : null };
  }

  /**
   * Checks the stored trail against the anchor this engine holds: the stored anchor moves with
   * the trail, but this copy has been in memory since the engine started, so a trail rewritten
   * on disk together with its anchor is caught as well.
   */
  async verify(): Promise<AuditCheck> {
    const entries = await this.store.auditEntries();
    const stored = await this.store.auditAnchor();
    // A stored anchor ahead of this one that still contains this one's head: another engine on
    // the same store appended (see `append`); check the stored trail to its stored end.
    if (
      stored.count > this.anchor.count &&
      (this.anchor.count === 0 || entries[this.anchor.count - 1]?.hash === this.anchor.headHash)
    )
      this.anchor = stored;
    let result = await verifyChain(entries, this.anchor);
    if (result.ok && (stored.count !== this.anchor.count || stored.headHash !== this.anchor.headHash))
      result = {
        ok: false,
        position: Math.min(stored.count, this.anchor.count),
        problem: 'rewritten',
        reason: 'The anchor kept beside the trail was changed: it no longer names the latest entry.',
      };
    const check: AuditCheck = { at: this.now().toISOString(), result };
    this.lastVerification = check;
    await this.store.putSetting(SETTING.lastVerification, check);
    return check;
  }

  /** The export is recorded first, so the file ends with the entry that records it. */
  async export(format: 'csv' | 'json'): Promise<Outcome<ExportFile>> {
    if (format !== 'csv' && format !== 'json') return invalid(`Unknown format "${String(format)}".`);
    await this.record([
      {
        action: 'export',
        details: { kind: `audit-${format}`, rowCount: this.anchor.count + 1, destination: 'download' },
      },
    ]);
    const entries = await this.store.auditEntries();
    const stamp = this.now().toISOString().slice(0, 10);
    const fileName = `throughline-audit-${stamp}-${entries.length}.${format}`;
    if (format === 'csv')
      return ok({
        fileName,
        mimeType: 'text/csv;charset=utf-8',
        bytes: utf8Bytes(`\uFEFF${auditToCsv(entries)}`),
        rows: entries.length,
      });
    const verification = await verifyChain(entries, this.anchor);
    return ok({
      fileName,
      mimeType: 'application/json',
      bytes: utf8Bytes(auditToJson(entries, verification)),
      rows: entries.length,
    });
  }

  /**
   * Deletes the whole trail, for the IG lead only, once they hold an export of it: they give the
   * head hash of that export (or of the IG page), which must still be the latest. The new trail
   * starts with an entry naming the deleted one's count and head hash, so the export can still be
   * checked against it.
   */
  async delete(confirmHeadHash: string): Promise<Outcome<{ deleted: number }>> {
    if (confirmHeadHash !== this.anchor.headHash)
      return conflict(
        'The hash given is not the latest entry of the trail: export the trail again, then confirm with the new hash.',
      );
    // Through `append` (with no entries of its own) so that it waits for the appends before it.
    const deleted = await this.append([], async () => {
      const first = await appendEntry(
        null,
        {
          actor: actorOf(this.actor()),
          action: 'audit-deleted',
          details: { count: this.anchor.count, headHash: this.anchor.headHash },
        },
        this.now(),
      );
      const n = await this.store.restartAudit(first);
      this.anchor = chainAnchor(first);
      return n;
    });
    this.lastVerification = null;
    await this.store.putSetting(SETTING.lastVerification, null);
    return ok({ deleted });
  }
}
