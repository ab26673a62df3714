import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeXlsx } from './decode';

const utf16 = (text: string, order: 'le' | 'be', bom = true): Uint8Array => {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let o = 0;
  if (bom) {
    out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
    o = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o + 2 * i] = order === 'le' ? c & 0xff : c >> 8;
    out[o + 2 * i + 1] = order === 'le' ? c >> 8 : c & 0xff;
  }
  return out;
};

describe('decodeText', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('id,Zoë')]))).toBe(
      'id,Zoë',
    );
  });

  it('reads UTF-16 LE and BE with a BOM, and without one', () => {
    expect(decodeText(utf16('id,Siân\r\n', 'le'))).toBe('id,Siân\r\n');
    expect(decodeText(utf16('id,Siân\r\n', 'be'))).toBe('id,Siân\r\n');
    expect(decodeText(utf16('id,surname\n1,Jones', 'le', false))).toBe('id,surname\n1,Jones');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeText(new Uint8Array([0x5a, 0x6f, 0xeb]))).toBe('Zoë');
  });
});

describe('looksLikeXlsx', () => {
  it('knows a workbook by its zip signature or its name', () => {
    expect(looksLikeXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'export.dat')).toBe(true);
    expect(looksLikeXlsx(new Uint8Array([0x69, 0x64]), 'Releases.XLSX')).toBe(true);
    expect(looksLikeXlsx(new TextEncoder().encode('id,name'), 'releases.csv')).toBe(false);
  });
});
