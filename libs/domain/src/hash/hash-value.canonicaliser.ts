import { DirectMappedMemo } from '../gs1/direct-mapped.memo.js';
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
  const known = valueMemo.get(text);
  if (known !== undefined) return known;
  const value = canonicalNumber(cbvUrnToWebUri(text));
  const canonical = constrainedDigitalLink(value) ?? value;
  valueMemo.set(text, canonical);
  return canonical;
}

// Most values of an event recur across events (CBV terms, locations, parties, units).
const valueMemo = new DirectMappedMemo<string>(2048);

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
  for (const [urn, web] of CBV_URN_PREFIXES) if (out.includes(urn)) out = out.split(urn).join(web);
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
  return pythonNumberText(n);
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
  // Safe integers print the same digits either way; BigInt only for larger ones (no exponent form).
  if (Number.isSafeInteger(n)) return n === 0 ? '0' : String(n);
  if (Number.isInteger(n)) return BigInt(n).toString();
  return pythonFloatText(n);
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

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
  return rfc3339Timestamp(text) ?? generalTimestamp(text);
}

/** Any ISO 8601 form the reference's parser reads (date only, no seconds, `,` fraction, `±hh[mm]` zone…). */
function generalTimestamp(text: string): string {
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
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
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

// ---- the fast path: `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, what EPCIS requires, in plain arithmetic ----

const MS_PER_DAY = 86_400_000;

/** The value of `length` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), as Date.UTC counts them. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * The same result as `generalTimestamp` for the RFC 3339 shape with a year from 1 to 9998 (so the
 * UTC year stays within 0–9999, where both agree); undefined for anything else, which the general
 * path then reads. Avoids the regular expression and the Date objects on the per-event path.
 */
function rfc3339Timestamp(text: string): string | undefined {
  if (text.length < 20 || !hasDateTimeSeparators(text)) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 1 || year > 9998 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const fraction = fractionAt(text, 19);
  if (fraction === undefined) return undefined;
  const offsetMinutes = zoneAt(text, fraction.end);
  if (offsetMinutes === undefined) return undefined;
  let millis = Math.floor(fraction.micros / 1000);
  const rest = fraction.micros % 1000;
  if (rest > 500 || (rest === 500 && millis % 2 === 1)) millis += 1;
  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return formatEpochMs(ms);
}

/** `YYYY-MM-DDTHH:MM:SS`: the separators at their places. */
function hasDateTimeSeparators(text: string): boolean {
  return (
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58
  );
}

/** An optional `.digits` fraction at `at`, cut to microseconds (as dateutil does); undefined for a `.` without digits. */
function fractionAt(text: string, at: number): { readonly micros: number; readonly end: number } | undefined {
  if (text.charCodeAt(at) !== 46) return { micros: 0, end: at };
  let micros = 0;
  let scale = 100_000;
  let i = at + 1;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    micros += d * scale;
    scale = (scale / 10) | 0;
  }
  return i === at + 1 ? undefined : { micros, end: i };
}

/** The offset in minutes of a zone `Z` or `±HH:MM` that ends the text at `at`; undefined for anything else. */
function zoneAt(text: string, at: number): number | undefined {
  const z = text.charCodeAt(at);
  if (z === 90) return at + 1 === text.length ? 0 : undefined;
  if ((z !== 43 && z !== 45) || at + 6 !== text.length || text.charCodeAt(at + 3) !== 58) return undefined;
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, at + 4, 2);
  if (hours < 0 || minutes < 0) return undefined;
  return (hours * 60 + minutes) * (z === 45 ? -1 : 1);
}

// Zero-padded numerals, looked up rather than converted and padded for every timestamp.
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function two(n: number): string {
  return TWO_DIGITS[n] ?? String(n).padStart(2, '0');
}

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` of a time in years 0–9999 (H. Hinnant's civil_from_days). */
function formatEpochMs(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let t = ms - days * MS_PER_DAY;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(t / 3_600_000);
  t -= hour * 3_600_000;
  const minute = Math.floor(t / 60_000);
  t -= minute * 60_000;
  const second = Math.floor(t / 1000);
  const milli = t - second * 1000;
  const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${THREE_DIGITS[milli] ?? String(milli).padStart(3, '0')}Z`;
}

function formatUtc(date: Date): string {
  const year = date.getUTCFullYear();
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}
