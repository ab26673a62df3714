/** Bytes to text, and telling a workbook from a delimited text file. */

/** A zip local-file header, which every .xlsx starts with: "PK\x03\x04". */
export function looksLikeXlsx(bytes: Uint8Array, name: string): boolean {
  const zip =
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return zip || /\.xlsx$/i.test(name);
}

/**
 * Decodes a text file. A UTF-8 BOM is stripped; UTF-16 LE or BE is recognised by its BOM (or, with
 * no BOM, by NUL bytes in alternate positions). Text that is not valid UTF-8 is read as
 * Windows-1252, which is what Excel on Windows writes for "CSV" without "UTF-8".
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8OrLegacy(bytes.subarray(3));
  }
  const bomless = guessUtf16(bytes);
  if (bomless) return new TextDecoder(bomless).decode(bytes);
  return decodeUtf8OrLegacy(bytes);
}

function decodeUtf8OrLegacy(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** ASCII text in UTF-16 has a NUL in every other byte; look at the first few hundred bytes. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.8 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.8 && oddNul === 0) return 'utf-16be';
  return null;
}
