import { constrainedDigitalLink } from './digital-link.normaliser.js';

/**
 * Canonical forms of single values in the pre-hash string, as the CBV 2.0 §8.9 reference
 * implementation writes them (RalphTro/epcis-event-hash-generator `hash_generator.py`, commit 5d2f1c38).
 */

// Python's str.strip() removes what str.isspace() accepts — not quite JavaScript's trim() set.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

export function pythonStrip(text: string): string {
  // Fast path: most values start and end with a visible ASCII character.
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return text;
  return text.replace(PY_STRIP, '');
}

/** A value that is not a timestamp: CBV URN → web URI, numbers without trailing zeros, EPC/DL → constrained DL. */
export function canonicalValue(text: string): string {
  const value = canonicalNumber(cbvUrnToWebUri(text));
  return constrainedDigitalLink(value) ?? value;
}

const CBV_URN_PREFIXES: readonly (readonly [string, string])[] = [
  ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

/**
 * CBV 2.0 §8.9 step 14: `urn:epcglobal:cbv:…` standard values become their web URIs. The reference
 * rewrites the URN prefix textually, for user-defined words under those prefixes too, so this does
 * the same rather than looking the word up (a lookup would leave a non-standard word as a URN).
 */
export function cbvUrnToWebUri(text: string): string {
  if (!text.includes('urn:epcglobal:cbv:')) return text;
  let out = text;
  for (const [urn, web] of CBV_URN_PREFIXES) out = out.split(urn).join(web);
  return out;
}

// What Python's float() accepts (ASCII digits; underscores between digits), plus its special words.
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/**
 * §8.9 step 6 as the reference applies it: any value Python reads as a float is rewritten — integral
 * values without a fraction (`1.0` → `1`, and also `0042` → `42`), others in Python's shortest repr.
 * Infinite and NaN values are left as written (the reference itself fails on an infinite one).
 */
export function canonicalNumber(text: string): string {
  if (!PY_FLOAT.test(text)) return text;
  const n = Number(text.includes('_') ? text.replaceAll('_', '') : text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n)) return Object.is(n, -0) ? '0' : BigInt(n).toString();
  return pythonFloatText(n);
}

/** Python's repr of a non-integral float: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pythonFloatText(n: number): string {
  // Both languages print the shortest round-trip digits; only their exponent thresholds differ.
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) return String(n);
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) text = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  else text = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return negative ? `-${text}` : text;
}

/** Python's str() of a JSON number as the reference receives it (json.loads gives int or float). */
export function pythonNumberText(n: number): string {
  if (Number.isInteger(n)) return Object.is(n, -0) ? '0' : BigInt(n).toString();
  return pythonFloatText(n);
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * §8.9 steps 8–9: UTC, `Z`, exactly three fraction digits. As the reference (dateutil + Python round):
 * the fraction is cut to microseconds, then rounded to milliseconds half-to-even. A time without a
 * zone is read as UTC (the reference reads it in the machine's zone, which is UTC on its CI). A value
 * that is not an ISO 8601 timestamp is kept as written, as the reference does.
 */
const ALREADY_CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function canonicalTimestamp(text: string): string {
  // Already UTC with milliseconds: the reference would print it unchanged (or, if the date does not
  // exist, fail to parse it and keep it unchanged).
  if (text.length === 24 && ALREADY_CANONICAL.test(text)) return text;
  const m = ISO_TIMESTAMP.exec(text);
  if (m === null) return text;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const micros = Number(frac.slice(0, 6).padEnd(6, '0'));
  let millis = Math.floor(micros / 1000);
  const rest = micros % 1000;
  if (rest > 500 || (rest === 500 && millis % 2 === 1)) millis += 1;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const date = new Date(Date.UTC(2000, month, day, hour, minute, second, 0));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return text;
  }
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * (zone.startsWith('-') ? -1 : 1);
  }
  const utc = new Date(date.getTime() - offsetMinutes * 60_000 + millis);
  return formatUtc(utc);
}

function formatUtc(date: Date): string {
  const year = date.getUTCFullYear();
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}
