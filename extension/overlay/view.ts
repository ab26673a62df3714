/**
 * Drawing a row's badges: one shadow root per row (raw `attachShadow`), every root adopting the
 * same constructed stylesheet. The page gets a host element and, inside its shadow root, the
 * badges' words; nothing else (no attributes, no data, no record fields).
 */
import type { Badge } from '../../shared/badges';
import { OVERLAY_CSS, TONES } from './style';

/** The host element's name: a custom element name, so no page rule for span or div matches it. */
export const HOST_TAG = 'throughline-badges';

let sheet: CSSStyleSheet | null = null;
function styleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(OVERLAY_CSS);
  }
  return sheet;
}

export interface BadgeHost {
  host: HTMLElement;
  root: ShadowRoot;
}

export function createHost(): BadgeHost {
  const host = document.createElement(HOST_TAG);
  // Open, so that assistive technology and the tests reach the buttons; what is inside is only
  // the words already on screen.
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [styleSheet()];
  return { host, root };
}

/**
 * Replaces the badges in a shadow root. Each is a real button whose accessible name is the
 * badge's full sentence (the icon is hidden from assistive technology); a click, or Enter or
 * Space on it, calls `onOpen`, unless the event was synthesised by the page's own script.
 */
export function drawBadges(root: ShadowRoot, badges: readonly Badge[], onOpen: (badge: Badge) => void): void {
  const group = document.createElement('span');
  group.className = 'group';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'throughline');
  for (const badge of badges) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `badge ${badge.tone}`;
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = TONES[badge.tone].icon;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = badge.label;
    button.append(icon, text);
    button.addEventListener('click', (event) => {
      // The row's own handlers (open the record, select the row) should not also run.
      event.stopPropagation();
      event.preventDefault();
      if (event.isTrusted) onOpen(badge);
    });
    group.append(button);
  }
  root.replaceChildren(group);
}
