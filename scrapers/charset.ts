// Turns response bytes into text. Order of evidence, strongest first:
// 1. a byte-order mark;
// 2. bytes that are valid UTF-8 and contain multi-byte sequences (a Latin-1 page is practically
//    never valid UTF-8, so a page that says "ISO-8859-1" but is UTF-8 comes out right too);
// 3. the charset in the Content-Type header;
// 4. <meta charset>, <meta http-equiv="Content-Type"> or an XML declaration in the first 2 KB;
// 5. UTF-8, and Windows-1252 when the bytes are not valid UTF-8 (a page with a missing or wrong
//    charset is most often Latin-1/Windows-1252).
// ISO-8859-1 and US-ASCII are decoded as Windows-1252, as browsers do (WHATWG Encoding).
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Decoded {
  text: string;
  /** The charset actually used. */
  charset: string;
  /** Where it came from: bom | utf8-sniff | header | meta | default | fallback. */
  source: string;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType && /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return m ? m[1].toLowerCase() : undefined;
}

/** Looks for a declared charset in the document head (ASCII-compatible bytes). */
export function charsetFromMarkup(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  const m =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return m ? m[1].toLowerCase() : undefined;
}

function normalise(charset: string): string {
  const c = charset.toLowerCase();
  if (c === 'iso-8859-1' || c === 'latin1' || c === 'latin-1' || c === 'us-ascii' || c === 'ascii' || c === 'iso8859-1') return 'windows-1252';
  if (c === 'utf8') return 'utf-8';
  return c;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeBody(bytes: Uint8Array, contentType?: string): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8', source: 'bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le', source: 'bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), charset: 'utf-16be', source: 'bom' };
  }
  const ascii = !hasNonAscii(bytes);
  if (ascii) return { text: Buffer.from(bytes).toString('latin1'), charset: 'us-ascii', source: 'default' };
  const asUtf8 = tryUtf8(bytes);
  if (asUtf8 !== undefined) return { text: asUtf8, charset: 'utf-8', source: 'utf8-sniff' };
  // Not UTF-8: trust a declared single/multi-byte charset, else Windows-1252.
  const declared = charsetFromContentType(contentType);
  const meta = declared ? undefined : charsetFromMarkup(bytes);
  for (const [cs, source] of [[declared, 'header'], [meta, 'meta']] as const) {
    if (!cs) continue;
    const n = normalise(cs);
    if (n !== 'utf-8' && iconv.encodingExists(n)) return { text: iconv.decode(Buffer.from(bytes), n), charset: n, source };
  }
  return { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), charset: 'windows-1252', source: 'fallback' };
}
