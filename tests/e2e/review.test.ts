/**
 * The review queue and the overview's run summary end to end, in real Chromium against the built
 * extension, driven from the keyboard only. Expectations come from the engine's own API (through
 * the page's console handle) and from the synthetic files, never from what the page shows.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewProgress } from '../../engine/api/engine-api';
import { synthesise } from '../../engine/synth';
import type { RunInfo } from '../../shared/workspace';
import { axeViolations } from './axe';
import {
  type ExtensionBrowser,
  importThroughUi,
  launchBrowser,
  linkThroughUi,
  openDashboard,
  tempDir,
  writeCsv,
} from './harness';

const dataDir = tempDir('review-data');
const profile = tempDir('review-profile');

// Noisy treatment records (few shared identifiers, typos, moves, lookalikes) leave pairs whose
// probability falls between the review thresholds.
const data = synthesise({
  people: 400,
  treatment: 800,
  seed: 23,
  rates: {
    treatmentNhs: 0.1,
    treatmentPrisonNumber: 0.05,
    forenameTypo: 0.3,
    surnameTypo: 0.3,
    dobDigit: 0.2,
    dobSwap: 0.2,
    moved: 0.5,
    lookalike: 0.1,
  },
});
const files = {
  releases: writeCsv(dataDir, 'releases.csv', data.releases),
  treatment: writeCsv(dataDir, 'treatment.csv', data.treatment),
};

let browser: ExtensionBrowser;
let page: Page;
let queue: ReviewItem[];
let initial: ReviewProgress;

const engineQueue = (): Promise<ReviewItem[]> =>
  page.evaluate(async () => {
    const outcome = await globalThis.throughline!.engine.reviewQueue({ limit: 200 });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  });
const engineProgress = (): Promise<ReviewProgress> =>
  page.evaluate(() => globalThis.throughline!.engine.reviewProgress());
const pairId = (item: ReviewItem) => `${item.leftKey}|${item.rightKey}`;
const shownPair = () => page.locator('#review-pair').getAttribute('data-pair');
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
const signed = (w: number) => `${w >= 0 ? '+' : '\u2212'}${Math.abs(w).toFixed(2)}`;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Presses a key and waits until the pair shown is `item`. */
async function pressFor(key: string, item: ReviewItem): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(shownPair, { timeout: 20_000 }).toBe(pairId(item));
}

beforeAll(async () => {
  browser = await launchBrowser(profile);
  page = await openDashboard(browser);
  await importThroughUi(page, files.releases, 'releases');
  await importThroughUi(page, files.treatment, 'treatment');
  await linkThroughUi(page);
  queue = await engineQueue();
  initial = await engineProgress();
});

afterAll(async () => {
  await browser?.context.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the overview after a link', () => {
  it("shows the last run's summary from engine.runs(): inputs with their SHA-256, counts, review count and stage timings", async () => {
    const runs = await page.evaluate(() => globalThis.throughline!.engine.runs(5));
    const link = runs.find((r: RunInfo) => r.kind === 'link')!;
    expect(link).toBeDefined();
    await page.locator(`#run-summary[data-run-id="${link.id}"]`).waitFor();
    const inputs = await page
      .locator('#run-summary-inputs tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(inputs).toEqual([
      [
        'releases.csv',
        data.releases.rows.length.toLocaleString('en-GB'),
        sha256(files.releases).slice(0, 12),
      ],
      [
        'treatment.csv',
        data.treatment.rows.length.toLocaleString('en-GB'),
        sha256(files.treatment).slice(0, 12),
      ],
    ]);
    const fact = (name: string) => page.locator(`#run-summary-details dd[data-fact="${name}"]`).textContent();
    expect(await fact('candidate-pairs')).toBe(link.counts.pairs!.toLocaleString('en-GB'));
    expect(await fact('links')).toBe(link.counts.links!.toLocaleString('en-GB'));
    expect(await fact('needing-review')).toContain(`${initial.open} pairs`);
    expect(await fact('model')).toContain(link.modelId!);
    expect(await fact('thresholds')).toContain(`${Math.round(link.thresholds!.upper * 100)}%`);
    const stages = await page
      .locator('#run-summary-timings tbody tr th, #run-summary-timings tbody tr td:first-child')
      .allTextContents();
    expect(stages).toEqual(link.timings.map((t) => t.stage));
    expect(await page.locator(`#recent-runs tbody tr[data-run-id="${link.id}"]`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the review queue, from the keyboard alone', () => {
  it('shows the first uncertain pair with both records and the waterfall of its match weight', async () => {
    expect(queue.length).toBeGreaterThanOrEqual(4);
    expect(initial.open).toBe(queue.length);
    await page.evaluate(() => {
      window.location.hash = '#review';
    });
    await expect.poll(shownPair).toBe(pairId(queue[0]!));
    const first = queue[0]!;
    expect(await page.locator('#review-pair-heading').textContent()).toContain(
      `${(first.probability * 100).toFixed(1)}%`,
    );
    // The waterfall: every contribution in order, the text table beside the chart.
    const steps = await page
      .locator('#review-waterfall table tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(steps.map((s) => s[0])).toEqual(first.contributions.map((c) => c.comparison));
    expect(steps.map((s) => s[1])).toEqual(first.contributions.map((c) => c.level));
    expect(steps.map((s) => s[2])).toEqual(first.contributions.map((c) => signed(c.weight)));
    expect(await page.locator('#review-waterfall tfoot').textContent()).toContain(first.weight.toFixed(2));
    expect(await page.locator('#review-waterfall svg > rect').count()).toBe(first.contributions.length + 1);
    // Both records side by side; a field that differs is marked in the text, not by colour only.
    expect(await page.locator('#review-left-heading').textContent()).toContain(first.left!.recordId);
    expect(await page.locator('#review-right-heading').textContent()).toContain(first.right!.recordId);
    const differing = page.locator('#review-records tbody tr.different');
    if ((await differing.count()) > 0) {
      expect(await differing.first().locator('mark').count()).toBeGreaterThan(0);
      expect(await differing.first().textContent()).toContain('Different');
    }
    expect(await page.locator('#review-keys').textContent()).toContain('Not the same person');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('decides same, not the same and unsure with S, N and U; each is stored and the queue moves on', async () => {
    const [a, b, c, d] = queue as [ReviewItem, ReviewItem, ReviewItem, ReviewItem];
    await pressFor('s', b);
    expect(await focusedId()).toBe('review-pair-heading'); // the keyboard user keeps their place
    const afterSame = await engineProgress();
    expect(afterSame.decided).toEqual({ same: 1, not_same: 0, unsure: 0 });
    const release = a.left!.recordId;
    const lookup = await page.evaluate(
      (recordId) => globalThis.throughline!.engine.lookup({ recordId, side: 'releases' }),
      release,
    );
    expect(lookup.ok && lookup.value.links.find((l) => l.key === a.rightKey)?.decision).toBe('same');

    await pressFor('n', c);
    expect((await engineProgress()).decided).toEqual({ same: 1, not_same: 1, unsure: 0 });

    // Typing a reason: keys go to the text box, not to the queue; Escape returns to the pair.
    for (let i = 0; i < 6 && (await focusedId()) !== 'review-reason'; i++) await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('review-reason');
    await page.keyboard.type('unsure: same surname, dates of birth a year apart');
    expect(await shownPair()).toBe(pairId(c));
    expect((await engineProgress()).decided.unsure).toBe(0);
    await page.keyboard.press('Escape');
    expect(await focusedId()).toBe('review-pair-heading');
    await pressFor('u', d);
    expect((await engineProgress()).decided).toEqual({ same: 1, not_same: 1, unsure: 1 });

    const remaining = (await engineQueue()).map(pairId);
    for (const decided of [a, b, c]) expect(remaining).not.toContain(pairId(decided));
    expect(remaining).toContain(pairId(d));
    await expect
      .poll(() => page.locator('#review-progress').textContent())
      .toContain(`3 of ${initial.total.toLocaleString('en-GB')} reviewed`);
  });

  it('moves back and forth with K, J and the arrow keys, showing decisions already made', async () => {
    const [, b, c, d] = queue as [ReviewItem, ReviewItem, ReviewItem, ReviewItem];
    await pressFor('k', c);
    expect(await page.locator('#review-pair-facts').textContent()).toContain('Unsure');
    expect(await page.locator('#review-unsure').getAttribute('aria-pressed')).toBe('true');
    await pressFor('ArrowLeft', b);
    expect(await page.locator('#review-pair-facts').textContent()).toContain('Not the same person');
    await pressFor('j', c);
    await pressFor('ArrowRight', d);
    expect(await page.locator('#review-pair-facts').textContent()).toContain('Not decided yet');
    expect(await focusedId()).toBe('review-pair-heading');
  });

  it("updates the overview's count of pairs needing review", async () => {
    const now = await engineProgress();
    expect(now.open).toBe(initial.open - 3);
    await page.evaluate(() => {
      window.location.hash = '#overview';
    });
    await expect
      .poll(() => page.locator('#run-summary-details dd[data-fact="needing-review"]').textContent())
      .toContain(`${now.open} pairs`);
  });

  it('remembers the reviewer name, typed from the keyboard, and records decisions with it', async () => {
    await page.evaluate(() => {
      window.location.hash = '#review';
    });
    await page.locator('#review-pair[data-pair]:not([data-pair=""])').waitFor();
    await page.locator('#reviewer-name').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('A. Tester');
    await page.keyboard.press('Escape'); // back to the pair; the name is saved on leaving the box
    await page.reload();
    await page.locator('body[data-results-version]').waitFor();
    await expect.poll(() => page.locator('#reviewer-name').inputValue()).toBe('A. Tester');
    const shown = await page.locator('#review-pair[data-pair]:not([data-pair=""])').getAttribute('data-pair');
    const next = (await engineQueue()).find((item) => pairId(item) === shown)!;
    expect(next).toBeDefined();
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('#activity').textContent()).toContain('by A. Tester');
    expect((await engineQueue()).map(pairId)).not.toContain(shown);
  });
});
