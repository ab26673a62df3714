/**
 * The IG page's "What the browser lets the extension do" part, from the running extension's own
 * manifest (permissions.ts words it), so the page cannot drift from it.
 */
import { browser } from 'wxt/browser';
import { h } from '../continuity/dom';
import { cell, element } from '../dom';
import { type ManifestLike, permissionLines, policyLines } from './permissions';

export function drawPermissions(): void {
  const manifest = browser.runtime.getManifest() as ManifestLike;
  element('ig-manifest-meta', HTMLParagraphElement).textContent =
    `${manifest.name ?? 'throughline'} ${manifest.version ?? ''}, manifest version ${manifest.manifest_version ?? ''}. ` +
    'Read now from the extension running in this browser.';
  element('ig-permissions', HTMLTableElement).tBodies[0]!.replaceChildren(
    ...permissionLines(manifest).map((line) =>
      h(
        'tr',
        { 'data-permission': line.name },
        h('th', { scope: 'row' }, h('code', {}, line.name)),
        cell(line.kind),
        cell(line.allows),
        line.why
          ? cell(line.why)
          : h(
              'td',
              { class: 'ig-warning' },
              'Not explained by throughline: ask the supplier before approving.',
            ),
      ),
    ),
  );
  element('ig-csp', HTMLTableElement).tBodies[0]!.replaceChildren(
    ...policyLines(manifest).map((line) =>
      h('tr', {}, h('th', { scope: 'row' }, h('code', {}, line.directive)), cell(line.meaning)),
    ),
  );
  const granted = element('ig-granted', HTMLParagraphElement);
  void browser.permissions
    .getAll()
    .then((all) => {
      const origins = all.origins ?? [];
      granted.textContent = origins.length
        ? `Sites this browser has given the extension access to now: ${origins.join(', ')}.`
        : 'This browser has given the extension access to no site yet.';
    })
    .catch(() => {
      granted.textContent = '';
    });
}
