import { fail, ok, type Result } from '../errors/domain-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';

const DIGIT_0 = 48;

/** True when every character of `s` is an ASCII digit (and `s` is not empty). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - DIGIT_0;
    if (c < 0 || c > 9) return false;
  }
  return true;
}

/**
 * The GS1 mod-10 check digit of a key body (GS1 General Specifications §7.9.1): from the right,
 * digits are weighted 3, 1, 3, 1, …; the check digit brings the sum up to a multiple of ten.
 * The same algorithm serves GTIN-8/12/13/14, GLN, SSCC, GSIN, GSRN, GDTI, GRAI and GCN.
 * Returns NaN when the body is empty or not all digits.
 */
export function gs1CheckDigit(bodyWithoutCheckDigit: string): number {
  const n = bodyWithoutCheckDigit.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = bodyWithoutCheckDigit.charCodeAt(n - 1 - i) - DIGIT_0;
    if (d < 0 || d > 9) return Number.NaN;
    sum += (i & 1) === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `key` is all digits and its last digit is the GS1 mod-10 check digit of the rest. */
export function hasValidCheckDigit(key: string): boolean {
  if (key.length < 2 || !isDigits(key)) return false;
  return gs1CheckDigit(key.slice(0, -1)) === key.charCodeAt(key.length - 1) - DIGIT_0;
}

/** The issue for a wrong check digit, or undefined when `digits` (all digits) ends in the right one. */
export function checkDigitIssue(digits: string, what: string): ValidationIssue | undefined {
  const expected = gs1CheckDigit(digits.slice(0, -1));
  const got = digits.charCodeAt(digits.length - 1) - DIGIT_0;
  if (expected === got) return undefined;
  return {
    pointer: '',
    code: 'GS1_CHECK_DIGIT',
    message: `${what} ${digits} has a wrong check digit`,
    expected: `check digit ${String(expected)} (GS1 mod-10), got ${String(got)}`,
  };
}

/**
 * Normalises a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 to its 14-digit form (left-padded with zeros,
 * GS1 General Specifications §3.3.2) after checking its digits, length and check digit.
 */
export function normaliseGtin(gtin: string): Result<string> {
  const n = gtin.length;
  if (!isDigits(gtin)) {
    return fail({
      pointer: '',
      code: 'GS1_CHARSET',
      message: `GTIN "${gtin}" contains characters other than digits`,
      expected: 'a GTIN of 8, 12, 13 or 14 digits',
    });
  }
  if (n !== 8 && n !== 12 && n !== 13 && n !== 14) {
    return fail({
      pointer: '',
      code: 'GS1_LENGTH',
      message: `GTIN "${gtin}" has ${String(n)} digits`,
      expected: 'a GTIN of 8, 12, 13 or 14 digits',
    });
  }
  const issue = checkDigitIssue(gtin, 'GTIN');
  if (issue !== undefined) return fail(issue);
  return ok(n === 14 ? gtin : '00000000000000'.slice(n) + gtin);
}
