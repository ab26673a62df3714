import { describe, expect, it } from 'vitest';
import { isOffscreenMessage, isRouterMessage } from './messages';

describe('runtime message guards', () => {
  it('the router takes known messages that are not yet addressed to the offscreen page', () => {
    expect(isRouterMessage({ type: 'lookup', payload: { recordId: 'B1' } })).toBe(true);
    expect(isRouterMessage({ type: 'status', payload: null })).toBe(true);
    expect(isRouterMessage({ type: 'lookup', payload: {}, target: 'offscreen' })).toBe(false);
  });

  it('the offscreen page takes only what the router forwarded to it', () => {
    expect(isOffscreenMessage({ type: 'lookupBatch', payload: [], target: 'offscreen' })).toBe(true);
    expect(isOffscreenMessage({ type: 'lookupBatch', payload: [] })).toBe(false);
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      'lookup',
      { type: 'wipe', payload: null },
      { type: 'toString', payload: 1 },
      { type: 'status' },
    ]) {
      expect(isRouterMessage(value)).toBe(false);
      expect(isOffscreenMessage(value)).toBe(false);
    }
  });
});
