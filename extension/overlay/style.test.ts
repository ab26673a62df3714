import { describe, expect, it } from 'vitest';
import { FOCUS_RING, OVERLAY_CSS, TONES } from './style';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('badge style', () => {
  it('every tone has text contrast of at least 4.5:1 (WCAG AA), icon included', () => {
    for (const [tone, t] of Object.entries(TONES)) {
      expect(contrast(t.text, t.background), tone).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('tones differ by icon and shape as well as colour', () => {
    const cues = Object.values(TONES).map((t) => `${t.icon}/${t.shape}`);
    expect(new Set(cues).size).toBe(cues.length);
  });

  it('the focus ring stands out against white and black pages (3:1 for non-text)', () => {
    expect(contrast(FOCUS_RING.outer, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(FOCUS_RING.inner, '#000000')).toBeGreaterThanOrEqual(3);
  });

  it('resets the host against page styles with !important and loads nothing', () => {
    expect(OVERLAY_CSS).toContain('all: initial !important');
    expect(OVERLAY_CSS).toMatch(/:host::before, :host::after \{ content: none !important/);
    expect(OVERLAY_CSS).not.toMatch(/url\(|@import/);
  });
});
