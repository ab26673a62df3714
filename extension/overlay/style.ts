/**
 * The badges' look, as data and one stylesheet. The stylesheet is constructed once per page and
 * adopted by every badge's shadow root (extension-platform.md §3: the fastest isolation measured;
 * `cssInjectionMode: 'ui'` fetched the CSS once per badge, 25 times slower). Inline, so there is no
 * web-accessible CSS file for a page to probe.
 *
 * Fonts: Arial (or the system's metric twin, Liberation Sans on Linux) and sans-serif only. A
 * `system-ui, -apple-system, "Segoe UI", Roboto, ...` stack made the page's layout after the badges
 * went in three times slower on a 1,000-row table (1,058 ms against 379 ms, Chromium trace): every
 * family the system lacks is a font lookup.
 *
 * Isolation: `:host { all: initial !important }` resets everything the host would inherit from the
 * page; for !important declarations the shadow tree's own rules win over the page's, so a page's
 * `* { color: green !important }` stops at the host. Page selectors never reach inside.
 */
import type { BadgeTone } from '../../shared/badges';

export interface ToneStyle {
  /** Text colour on `background`: contrast at least 4.5:1 (style.test.ts checks every tone). */
  text: string;
  background: string;
  border: string;
  /** A glyph beside the words, so that no tone is told by colour alone; hidden from screen readers. */
  icon: string;
  /** The icon's shape: another non-colour cue. */
  shape: 'disc' | 'ring' | 'square';
}

export const TONES: Record<BadgeTone, ToneStyle> = {
  urgent: { text: '#ffffff', background: '#a4161a', border: '#6b0d10', icon: '!', shape: 'disc' },
  warning: { text: '#1a1a1a', background: '#ffe08a', border: '#8a6100', icon: '\u2026', shape: 'ring' },
  positive: { text: '#ffffff', background: '#00703c', border: '#004e2a', icon: '\u2713', shape: 'disc' },
  neutral: { text: '#ffffff', background: '#1d4f91', border: '#12325c', icon: '=', shape: 'square' },
  review: { text: '#ffffff', background: '#4c2c92', border: '#2f1b5c', icon: '?', shape: 'ring' },
};

/** The focus ring: yellow then near-black, visible on any page colour (the GOV.UK pattern). */
export const FOCUS_RING = { inner: '#ffdd00', outer: '#0b0c0c' };

const toneRules = (Object.entries(TONES) as [BadgeTone, ToneStyle][])
  .map(
    ([tone, t]) =>
      `.badge.${tone} { color: ${t.text}; background: ${t.background}; border-color: ${t.border}; }\n` +
      `.badge.${tone} .icon { ${
        t.shape === 'ring'
          ? `color: ${t.text}; background: transparent; border: 1.5px solid ${t.text};`
          : `color: ${t.background}; background: ${t.text};`
      } border-radius: ${t.shape === 'square' ? '2px' : '50%'}; }`,
  )
  .join('\n');

export const OVERLAY_CSS = `
:host {
  all: initial !important;
  display: inline !important;
  position: static !important;
  margin: 0 0 0 0.4em !important;
  padding: 0 !important;
  border: 0 !important;
  background: none !important;
  visibility: visible !important;
  opacity: 1 !important;
  vertical-align: baseline !important;
}
:host::before, :host::after { content: none !important; display: none !important; }
.group {
  display: inline-flex;
  flex-wrap: wrap;
  gap: 4px;
  vertical-align: middle;
  font: 500 12px/1.4 Arial, Helvetica, sans-serif;
  letter-spacing: normal;
  text-transform: none;
  text-align: left;
}
.badge {
  appearance: none;
  margin: 0;
  color: inherit;
  text-align: left;
  text-transform: none;
  letter-spacing: normal;
  box-sizing: border-box;
  display: inline-flex;
  align-items: center;
  gap: 4px;
  padding: 1px 7px 1px 3px;
  border: 1px solid;
  border-radius: 10px;
  cursor: pointer;
  font: inherit;
  white-space: nowrap;
}
.badge:hover .text { text-decoration: underline; }
.badge:focus { outline: 3px solid transparent; }
.badge:focus-visible {
  outline: 3px solid transparent;
  box-shadow: 0 0 0 2px ${FOCUS_RING.inner}, 0 0 0 5px ${FOCUS_RING.outer};
}
.icon {
  box-sizing: border-box;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 14px;
  height: 14px;
  font-size: 11px;
  font-weight: 700;
  line-height: 1;
}
${toneRules}
@media (forced-colors: active) {
  .badge { border: 1px solid CanvasText; }
  .icon { border: 1px solid CanvasText; }
}
`;
