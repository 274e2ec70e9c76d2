/**
 * GS1 character sets and the two percent-encodings GS1 values meet in URIs.
 *
 * - Character set 82 (GS1 General Specifications §7.11, figure 7.11-1): the "X" values of
 *   Application Identifiers (lot, serial, …).
 * - Character set 39 (figure 7.11-2): the CPID (AI 8010) — digits, upper-case letters, `#`, `-`, `/`.
 * - Character set 64 (figure 7.11-3): file-safe base64 (AI 8030).
 * Lookup tables are built once at module load so that per-value checks are plain array reads.
 */

/** Character set 82 in the order of General Specifications figure 7.11-1 (also the check-pair values of §7.9.5). */
export const CHARACTER_SET_82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const CS39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CS64 = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=';
const DIGITS = '0123456789';

export type Gs1CharacterSet = 'N' | 'X' | 'Y' | 'Z';

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

const TABLES: Readonly<Record<Gs1CharacterSet, Uint8Array>> = {
  N: table(DIGITS),
  X: table(CHARACTER_SET_82),
  Y: table(CS39),
  Z: table(CS64),
};

export const CHARACTER_SET_NAMES: Readonly<Record<Gs1CharacterSet, string>> = {
  N: 'digits 0-9',
  X: 'GS1 AI encodable character set 82',
  Y: 'GS1 AI encodable character set 39 (0-9 A-Z # - /)',
  Z: 'GS1 AI encodable character set 64 (file-safe base64)',
};

/** Index of the first character of `s[from, to)` outside `set`, or -1 when all are inside. */
export function firstOutside(s: string, set: Gs1CharacterSet, from = 0, to = s.length): number {
  const t = TABLES[set];
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) return i;
  }
  return -1;
}

const HEX = '0123456789ABCDEF';

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Percent-decodes a URI component that carries a GS1 value. Only ASCII results are possible
 * (every GS1 character set is ASCII), so a `%XX` above 0x7F or a malformed escape returns
 * undefined instead of throwing as `decodeURIComponent` would.
 */
export function percentDecodeAscii(s: string): string | undefined {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 37) {
      out += String.fromCharCode(c);
      continue;
    }
    const hi = hexValue(s.charCodeAt(i + 1));
    const lo = hexValue(s.charCodeAt(i + 2));
    if (hi < 0 || lo < 0 || hi > 7) return undefined;
    out += String.fromCharCode(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Characters of set 82 that are not RFC 3986 "unreserved" and therefore percent-encoded in a
// Digital Link — the same list GS1's Digital Link toolkit escapes, plus `"` which no URI may carry raw.
const DL_ESCAPE = table('!"#%&\'()*+,/:;<=>?');
// Characters the EPC Tag Data Standard (§6.3, table "Characters that must be escaped") escapes in URNs.
const EPC_ESCAPE = table('"%&/<>?#');

function encodeWith(s: string, escape: Uint8Array): string {
  let start = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && escape[c] === 1) {
      out += s.slice(start, i) + '%' + (HEX[c >> 4] ?? '') + (HEX[c & 15] ?? '');
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

/** Percent-encodes a GS1 value for a Digital Link path segment or query value. */
export function encodeDigitalLinkValue(value: string): string {
  return encodeWith(value, DL_ESCAPE);
}

/** Escapes a GS1 value for an EPC URN component (EPC TDS 2.x §6.3). */
export function encodeEpcComponent(value: string): string {
  return encodeWith(value, EPC_ESCAPE);
}
