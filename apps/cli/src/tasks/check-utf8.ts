import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../util/errors.js';

/**
 * Refuses a text file that is not valid UTF-8, naming the file, line and byte. Node's 'utf8'
 * streams replace bad bytes with U+FFFD without a word, so a Latin-1 or truncated file would
 * otherwise train on garbage; this reads the bytes first (in chunks, one pass) and checks them
 * against the UTF-8 grammar (no overlong forms, no surrogates, nothing past U+10FFFF).
 */
export function assertUtf8(path: string): void {
  if (statSync(path).isDirectory()) return;
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let line = 1;
  let offset = 0;
  // Continuation bytes still expected, and the allowed range of the next one (it narrows after
  // E0/ED/F0/F4 lead bytes, which is how overlongs and surrogates are excluded).
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let leadAt = 0;
  let lead = 0;
  const fail = (at: number, b: number): never => {
    throw new UsageError(
      `${path}:${line}: invalid UTF-8 (byte 0x${b.toString(16).padStart(2, '0')} at offset ${at}); save the file as UTF-8`,
    );
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++, offset++) {
        const b = buf[i]!;
        if (need > 0) {
          // Name the sequence's first byte: that is where an editor shows the bad character.
          if (b < lo || b > hi) fail(leadAt, lead);
          lo = 0x80;
          hi = 0xbf;
          need--;
          continue;
        }
        if (b < 0x80) {
          if (b === 0x0a) line++;
          continue;
        }
        leadAt = offset;
        lead = b;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) lo = 0xa0;
          if (b === 0xed) hi = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) lo = 0x90;
          if (b === 0xf4) hi = 0x8f;
        } else fail(offset, b);
      }
    }
    if (need > 0) fail(leadAt, lead);
  } finally {
    closeSync(fd);
  }
}
