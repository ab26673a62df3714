/**
 * The workspace benchmark in Chromium: builds the extension, loads it into Debian's Chromium
 * (headless) and runs the same measurements as the Node job through the dashboard's engine
 * client, i.e. the real shared worker over IndexedDB. Prints one JSON line of figures.
 */
import { rmSync } from 'node:fs';
import buildExtension from '../build-extension';
import { launchBrowser, openDashboard, tempDir } from '../e2e/harness';
import { workspaceInputs } from './workspace-inputs';
import { measureWorkspace, type WorkspaceFigures } from './workspace-measure';

const size = Number(process.argv[2]);
buildExtension();
const inputs = workspaceInputs(size);
const profile = tempDir('bench');
const browser = await launchBrowser(profile);
try {
  const page = await browser.context.newPage();
  const dashboard = await openDashboard(browser);
  await page.close();
  // The function is sent as source; esbuild (through tsx) may wrap functions in __name().
  const figures: WorkspaceFigures = await dashboard.evaluate(
    `globalThis.__name ??= (f) => f;
     (${measureWorkspace.toString()})(globalThis.throughline.engine, ${JSON.stringify(inputs)})`,
  );
  console.log(JSON.stringify(figures));
} finally {
  await browser.context.close();
  rmSync(profile, { recursive: true, force: true });
}
