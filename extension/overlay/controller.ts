/**
 * The overlay on one page: finds the client rows with the site's adapter, asks the background for
 * their badges in batches (one message per batch, never per row), draws them, and keeps them
 * right as the page changes (rows added, destroyed and recreated, re-sorted, paginated in place)
 * and as the workspace changes (a new results version: every row is asked again, no reload).
 *
 * It holds no data: per row only a handle, the lookup it last asked for (what the row itself
 * shows) and the host it drew into. No IndexedDB, no network, nothing written into the page but
 * the badges' shadow hosts.
 */
import { browser } from 'wxt/browser';
import type { Badge, BadgeRequestRow, RowBadges } from '../../shared/badges';
import type { MessageType, ResponseOf, RouterMessage } from '../../shared/messages';
import type { Outcome } from '../../shared/workspace';
import type { SiteAdapter } from '../sites/adapter';
import {
  badgeAnchor,
  firstLookup,
  type Headers,
  headersFor,
  queryKey,
  type RowElement,
  type RowLookup,
  valuesLookup,
} from '../sites/read';
import { type BadgeHost, createHost, drawBadges } from './view';

/** Rows per `badges` message: big enough to amortise the round trip, small enough to show early. */
export const BATCH_SIZE = 500;
/** Quiet time after the page's last DOM change before rows are read again. */
const DEBOUNCE_MS = 50;
/** A lost engine (restarting, its host document being created) is asked again this many times. */
const RETRIES = 2;
const RETRY_MS = 1_000;

interface Row {
  ref: string;
  /** The lookup this row asks (its query as text); null when the row shows nothing to look up. */
  key: string | null;
  request: RowLookup | null;
  /** The request is by the row's shown values (its id was unknown to the workspace). */
  byValues: boolean;
  /** Incremented per request; an answer to an older request is dropped. */
  asked: number;
  host: BadgeHost | null;
  /** The badges drawn, as text, so an unchanged answer does not redraw. */
  drawn: string;
}

/** Sends a typed router message; a failure to reach the extension comes back as an Outcome. */
async function send<K extends MessageType>(message: RouterMessage<K>): Promise<ResponseOf<K>> {
  try {
    const response: ResponseOf<K> | undefined = await browser.runtime.sendMessage(message);
    if (response !== undefined) return response;
    throw new Error('no answer');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { kind: 'engine-lost', message: `throughline could not be reached (${reason}).` },
    } as Outcome<never> as ResponseOf<K>;
  }
}

export class Overlay {
  private readonly rows = new Map<Element, Row>();
  private readonly byRef = new Map<string, Element>();
  private readonly hosts = new WeakSet<Node>();
  private nextRef = 0;
  private headers = new WeakMap<RowElement, Headers>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly observer = new MutationObserver((records) => this.onMutations(records));
  private stopped = false;
  private warned = false;

  constructor(readonly site: SiteAdapter) {}

  start(): this {
    this.observer.observe(document.documentElement, { childList: true, subtree: true });
    this.scan();
    return this;
  }

  /** Takes every badge off the page and stops watching it. */
  stop(): void {
    this.stopped = true;
    this.observer.disconnect();
    if (this.timer !== null) clearTimeout(this.timer);
    for (const row of this.rows.values()) row.host?.host.remove();
    this.rows.clear();
    this.byRef.clear();
  }

  /** The workspace changed: ask again about every row on the page. */
  refresh(): void {
    if (this.stopped) return;
    this.ask([...this.rows.keys()].filter((e) => this.rows.get(e)?.key !== null));
  }

  private onMutations(records: MutationRecord[]): void {
    // Our own hosts going in or out are not the page changing.
    const ours = (n: Node) => this.hosts.has(n);
    const pageChanged = records.some(
      (r) =>
        !ours(r.target) &&
        ([...r.addedNodes].some((n) => !ours(n)) || [...r.removedNodes].some((n) => !ours(n))),
    );
    if (!pageChanged || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scan();
    }, DEBOUNCE_MS);
  }

  private headersOf = (row: RowElement): Headers => {
    const table = row.closest('table') ?? row;
    let headers = this.headers.get(table);
    if (!headers) {
      headers = headersFor(row);
      this.headers.set(table, headers);
    }
    return headers;
  };

  /** Reads every row; asks about the new ones and the ones that now show something else. */
  private scan(): void {
    if (this.stopped) return;
    this.headers = new WeakMap(); // a table's headers may have changed since the last scan
    let elements: Element[];
    try {
      elements = [...document.querySelectorAll(this.site.rows)];
    } catch (error) {
      this.warnOnce(`the row selector of ${this.site.name} is not valid CSS (${(error as Error).message})`);
      return;
    }
    const seen = new Set<Element>();
    const toAsk: Element[] = [];
    for (const element of elements) {
      seen.add(element);
      let row = this.rows.get(element);
      if (!row) {
        row = {
          ref: `r${++this.nextRef}`,
          key: null,
          request: null,
          byValues: false,
          asked: 0,
          host: null,
          drawn: '',
        };
        this.rows.set(element, row);
        this.byRef.set(row.ref, element);
      }
      const request = firstLookup(element, this.site, this.headersOf);
      const key = request ? queryKey(request) : null;
      if (key === null) {
        row.key = null;
        row.request = null;
        this.draw(element, row, []);
      } else if (key !== row.key) {
        row.key = key;
        row.request = request;
        row.byValues = false;
        toAsk.push(element);
      } else if (row.host && !row.host.host.isConnected) {
        // The page threw our badges away (re-rendered the cell): draw them again, same answer.
        this.place(element, row);
      }
    }
    for (const [element, row] of this.rows)
      if (!seen.has(element)) {
        row.host?.host.remove();
        this.rows.delete(element);
        this.byRef.delete(row.ref);
      }
    this.ask(toAsk);
  }

  /**
   * Asks about rows, one message per batch, and draws every answer of the call together: on a
   * long table each change to its cells costs the page a layout of the whole table, so the
   * badges of one scan go in at once, in one frame, not batch by batch.
   */
  private ask(elements: Element[], attempt = 0): void {
    const asked = new Map<string, number>();
    const batches: { rows: BadgeRequestRow[]; elements: Element[] }[] = [];
    for (let i = 0; i < elements.length; i += BATCH_SIZE) {
      const batch = { rows: [] as BadgeRequestRow[], elements: [] as Element[] };
      for (const element of elements.slice(i, i + BATCH_SIZE)) {
        const row = this.rows.get(element);
        if (!row?.request) continue;
        row.asked++;
        asked.set(row.ref, row.asked);
        batch.rows.push({ ref: row.ref, ...row.request });
        batch.elements.push(element);
      }
      if (batch.rows.length > 0) batches.push(batch);
    }
    if (batches.length === 0) return;
    void Promise.all(batches.map((b) => send({ type: 'badges', payload: b.rows }))).then((answers) => {
      if (this.stopped) return;
      const retry: Element[] = [];
      answers.forEach((answer, k) => {
        if (answer.ok) this.answered(answer.value, asked);
        else if (answer.error.kind === 'engine-lost' && attempt < RETRIES) retry.push(...batches[k].elements);
        else this.warnOnce(answer.error.message);
      });
      // The engine was being restarted: ask again about the rows not asked about since.
      const stillAsked = (e: Element) => {
        const row = this.rows.get(e);
        return row !== undefined && row.asked === asked.get(row.ref);
      };
      if (retry.length > 0)
        setTimeout(() => {
          if (!this.stopped) this.ask(retry.filter(stillAsked), attempt + 1);
        }, RETRY_MS);
    });
  }

  private answered(answers: RowBadges[], asked: Map<string, number>): void {
    const byValues: Element[] = [];
    for (const { ref, badges, unknown } of answers) {
      const element = this.byRef.get(ref);
      const row = element && this.rows.get(element);
      if (!element || !row || row.asked !== asked.get(ref)) continue; // gone, or asked again since
      this.draw(element, row, badges);
      // The workspace does not know this id (another system's numbering): ask by what the row shows.
      const values = unknown && !row.byValues ? valuesLookup(element, this.site, this.headersOf) : null;
      if (values) {
        row.request = values;
        row.byValues = true;
        byValues.push(element);
      }
    }
    if (byValues.length > 0) this.ask(byValues);
  }

  private draw(element: Element, row: Row, badges: readonly Badge[]): void {
    const text = JSON.stringify(badges);
    if (badges.length === 0) {
      row.host?.host.remove();
      row.host = null;
      row.drawn = '';
      return;
    }
    if (!row.host) {
      row.host = createHost();
      this.hosts.add(row.host.host);
    }
    if (text !== row.drawn) {
      drawBadges(row.host.root, badges, (badge) => this.open(row, badge));
      row.drawn = text;
    }
    this.place(element, row);
  }

  /** Puts a row's host where the adapter says (once; a host already there stays put). */
  private place(element: Element, row: Row): void {
    if (!row.host) return;
    const anchor = (badgeAnchor(element, this.site, this.headersOf) as Element | null) ?? element;
    const { host } = row.host;
    const position = this.site.badge.position;
    const inPlace =
      host.parentNode === anchor &&
      (position === 'append' ? anchor.lastChild === host : anchor.firstChild === host);
    if (inPlace) return;
    if (position === 'append') anchor.append(host);
    else anchor.prepend(host);
  }

  private open(row: Row, badge: Badge): void {
    if (!row.request) return;
    void send({
      type: 'openDetails',
      payload: { ...row.request, ...(badge.detailToken ? { focus: badge.detailToken } : {}) },
    }).then((answer) => {
      if (!answer.ok) this.warnOnce(answer.error.message);
    });
  }

  /** One console line per page, with no record data: the page's console is not ours. */
  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(`throughline: ${message}`);
  }
}
