import type { ValidationIssue } from '../errors/validation-issue.js';
import { CHARACTER_SET_NAMES, CHARACTER_SET_82, firstOutside, type Gs1CharacterSet } from './character-sets.js';
import { checkDigitIssue } from './check-digit.js';

/**
 * The GS1 Application Identifier table written as code, following the GS1 Barcode Syntax
 * Dictionary (the machine-readable companion of the General Specifications): each AI with its
 * format in the General Specifications' notation — `N` digits, `X` character set 82, `Y` set 39,
 * `Z` set 64; `N13` fixed, `X..20` up to 20; `[…]` an optional component; `+` joins components;
 * a trailing `c` marks a component whose last digit is a GS1 mod-10 check digit.
 * Flags: `yymmd0` / `yymmdd` a date in the first six digits (with / without day 00, "end of
 * month"), `yyyymmdd` one in the first eight; `noattr` not permitted as a Digital Link data attribute (key qualifiers and a few AIs);
 * `zero` a leading filler digit 0; `nozeroprefix` no leading zero; `csumalpha` ends in a check
 * character pair (§7.9.5); `pieceoftotal` ends in piece and total numbers (1 ≤ piece ≤ total).
 */

export interface AiComponent {
  readonly set: Gs1CharacterSet;
  readonly min: number;
  readonly max: number;
  readonly optional: boolean;
  readonly checkDigit: boolean;
}

export type AiDateKind = 'yymmd0' | 'yymmdd' | 'yyyymmdd';

export interface AiDefinition {
  readonly ai: string;
  readonly title: string;
  /** The format as the General Specifications write it, e.g. `N13+X..17`. */
  readonly format: string;
  readonly components: readonly AiComponent[];
  readonly date: AiDateKind | undefined;
  /** May appear in a Digital Link query string as a data attribute. */
  readonly dataAttribute: boolean;
  readonly leadingZero: 'required' | 'forbidden' | undefined;
  readonly checkCharacterPair: boolean;
  readonly pieceOfTotal: boolean;
}

type Row = readonly [ai: string, format: string, title: string, flags?: string];

const ROWS: readonly Row[] = [
  ['00', 'N18c', 'SSCC'],
  ['01', 'N14c', 'GTIN'],
  ['02', 'N14c', 'GTIN of contained trade items'],
  ['03', 'N14c', 'GTIN of the made-to-order trade item', 'noattr'],
  ['10', 'X..20', 'batch or lot number'],
  ['11', 'N6', 'production date', 'yymmd0'],
  ['12', 'N6', 'due date', 'yymmd0'],
  ['13', 'N6', 'packaging date', 'yymmd0'],
  ['15', 'N6', 'best before date', 'yymmd0'],
  ['16', 'N6', 'sell by date', 'yymmd0'],
  ['17', 'N6', 'expiration date', 'yymmd0'],
  ['20', 'N2', 'internal product variant'],
  ['21', 'X..20', 'serial number', 'noattr'],
  ['22', 'X..20', 'consumer product variant', 'noattr'],
  ['235', 'X..28', 'third-party controlled serialised extension of GTIN (TPX)', 'noattr'],
  ['240', 'X..30', 'additional product identification'],
  ['241', 'X..30', 'customer part number'],
  ['242', 'N..6', 'made-to-order variation number'],
  ['243', 'X..20', 'packaging component number'],
  ['250', 'X..30', 'secondary serial number'],
  ['251', 'X..30', 'reference to source entity'],
  ['253', 'N13c+[X..17]', 'GDTI'],
  ['254', 'X..20', 'GLN extension component', 'noattr'],
  ['255', 'N13c+[N..12]', 'GCN'],
  ['30', 'N..8', 'variable count of items'],
  ['37', 'N..8', 'count of trade items'],
  ['400', 'X..30', "customer's purchase order number"],
  ['401', 'X..30', 'GINC'],
  ['402', 'N17c', 'GSIN'],
  ['403', 'X..30', 'routing code'],
  ['410', 'N13c', 'ship to / deliver to GLN'],
  ['411', 'N13c', 'bill to / invoice to GLN'],
  ['412', 'N13c', 'purchased from GLN'],
  ['413', 'N13c', 'ship for / deliver for / forward to GLN'],
  ['414', 'N13c', 'GLN of a physical location'],
  ['415', 'N13c', 'GLN of the invoicing party'],
  ['416', 'N13c', 'GLN of the production or service location'],
  ['417', 'N13c', 'party GLN'],
  ['420', 'X..20', 'ship to postal code'],
  ['421', 'N3+X..9', 'ship to postal code with ISO country code'],
  ['422', 'N3', 'country of origin'],
  ['423', 'N3+[N3]+[N3]+[N3]+[N3]', 'countries of initial processing'],
  ['424', 'N3', 'country of processing'],
  ['425', 'N3+[N3]+[N3]+[N3]+[N3]', 'countries of disassembly'],
  ['426', 'N3', 'country covering full process chain'],
  ['427', 'X..3', 'country subdivision of origin'],
  ['4300', 'X..35', 'ship-to company name'],
  ['4301', 'X..35', 'ship-to contact'],
  ['4302', 'X..70', 'ship-to address line 1'],
  ['4303', 'X..70', 'ship-to address line 2'],
  ['4304', 'X..70', 'ship-to suburb'],
  ['4305', 'X..70', 'ship-to locality'],
  ['4306', 'X..70', 'ship-to region'],
  ['4307', 'X2', 'ship-to country code'],
  ['4308', 'X..30', 'ship-to telephone number'],
  ['4309', 'N10+N10', 'ship-to GEO location'],
  ['4310', 'X..35', 'return-to company name'],
  ['4311', 'X..35', 'return-to contact'],
  ['4312', 'X..70', 'return-to address line 1'],
  ['4313', 'X..70', 'return-to address line 2'],
  ['4314', 'X..70', 'return-to suburb'],
  ['4315', 'X..70', 'return-to locality'],
  ['4316', 'X..70', 'return-to region'],
  ['4317', 'X2', 'return-to country code'],
  ['4318', 'X..20', 'return-to postal code'],
  ['4319', 'X..30', 'return-to telephone number'],
  ['4320', 'X..35', 'service code description'],
  ['4321', 'N1', 'dangerous goods flag'],
  ['4322', 'N1', 'authority to leave flag'],
  ['4323', 'N1', 'signature required flag'],
  ['4324', 'N6+N4', 'not before delivery date and time', 'yymmd0'],
  ['4325', 'N6+N4', 'not after delivery date and time', 'yymmd0'],
  ['4326', 'N6', 'release date', 'yymmdd'],
  ['4330', 'N6+[X1]', 'maximum temperature in Fahrenheit'],
  ['4331', 'N6+[X1]', 'maximum temperature in Celsius'],
  ['4332', 'N6+[X1]', 'minimum temperature in Fahrenheit'],
  ['4333', 'N6+[X1]', 'minimum temperature in Celsius'],
  ['7001', 'N13', 'NATO stock number'],
  ['7002', 'X..30', 'UN/ECE meat carcasses and cuts classification'],
  ['7003', 'N6+N4', 'expiration date and time', 'yymmdd'],
  ['7004', 'N..4', 'active potency'],
  ['7005', 'X..12', 'catch area'],
  ['7006', 'N6', 'first freeze date', 'yymmdd'],
  ['7007', 'N6+[N6]', 'harvest date', 'yymmdd'],
  ['7008', 'X..3', 'species for fishery purposes'],
  ['7009', 'X..10', 'fishing gear type'],
  ['7010', 'X..2', 'production method'],
  ['7011', 'N6+[N4]', 'test by date', 'yymmdd'],
  ['7020', 'X..20', 'refurbishment lot ID'],
  ['7021', 'X..20', 'functional status'],
  ['7022', 'X..20', 'revision status'],
  ['7023', 'X..30', 'GIAI of an assembly'],
  ['7040', 'N1+X3', 'GS1 UIC with extension 1 and importer index', 'noattr'],
  ['7041', 'X..4', 'UFRGT unit type', 'noattr'],
  ['7240', 'X..20', 'protocol ID'],
  ['7241', 'N2', 'AIDC media type'],
  ['7242', 'X..25', 'version control number'],
  ['7250', 'N8', 'date of birth', 'yyyymmdd'],
  ['7251', 'N8+N4', 'date and time of birth', 'yyyymmdd'],
  ['7252', 'N1', 'biological sex'],
  ['7253', 'X..40', 'family name of person'],
  ['7254', 'X..40', 'given name of person'],
  ['7255', 'X..10', 'name suffix of person'],
  ['7256', 'X..90', 'full name of person'],
  ['7257', 'X..70', 'address of person'],
  ['7258', 'X3', 'baby birth sequence indicator'],
  ['7259', 'X..40', 'baby of family name'],
  ['8001', 'N14', 'roll products'],
  ['8002', 'X..20', 'cellular mobile telephone identifier'],
  ['8003', 'N14c+[X..16]', 'GRAI', 'zero'],
  ['8004', 'X..30', 'GIAI'],
  ['8005', 'N6', 'price per unit of measure'],
  ['8006', 'N14c+N2+N2', 'ITIP', 'pieceoftotal'],
  ['8007', 'X..34', 'IBAN'],
  ['8008', 'N8+[N2]+[N2]', 'date and time of production', 'yymmdd'],
  ['8009', 'X..50', 'optically readable sensor indicator'],
  ['8010', 'Y..30', 'CPID'],
  ['8011', 'N..12', 'CPID serial number', 'noattr nozeroprefix'],
  ['8012', 'X..20', 'software version'],
  ['8013', 'X..25', 'GMN', 'csumalpha'],
  ['8014', 'X..25', 'MUDI', 'noattr csumalpha'],
  ['8017', 'N18c', 'GSRN of the service provider'],
  ['8018', 'N18c', 'GSRN of the service recipient'],
  ['8019', 'N..10', 'service relation instance number', 'noattr'],
  ['8020', 'X..25', 'payment slip reference number', 'noattr'],
  ['8026', 'N14c+N2+N2', 'ITIP of contained pieces', 'pieceoftotal'],
  ['8030', 'Z..90', 'digital signature'],
  ['8040', 'N15', 'IMEI', 'noattr'],
  ['8041', 'N15', 'second IMEI', 'noattr'],
  ['8042', 'N32', 'eSIM identifier', 'noattr'],
  ['8043', 'N18+[N..2]', 'physical SIM identifier', 'noattr'],
  ['8110', 'X..70', 'coupon code (North America)'],
  ['8111', 'N4', 'loyalty points of a coupon'],
  ['8112', 'X..70', 'paperless coupon code (North America)'],
  ['8200', 'X..70', 'extended packaging URL', 'noattr'],
  ['90', 'X..30', 'information mutually agreed between trading partners'],
];

// Families whose last digit is the implied decimal point position: [first AI, last AI, format, title].
const FAMILIES: readonly (readonly [number, number, string, string])[] = [
  [3100, 3165, 'N6', 'trade measure (metric)'],
  [3200, 3375, 'N6', 'trade or logistic measure'],
  [3400, 3575, 'N6', 'logistic or trade measure'],
  [3600, 3695, 'N6', 'trade or logistic measure'],
  [3900, 3909, 'N..15', 'amount payable (single monetary area)'],
  [3910, 3919, 'N3+N..15', 'amount payable with ISO currency code'],
  [3920, 3929, 'N..15', 'amount payable for a variable measure trade item'],
  [3930, 3939, 'N3+N..15', 'amount payable for a variable measure trade item with ISO currency code'],
  [3940, 3943, 'N4', 'percentage discount of a coupon'],
  [3950, 3955, 'N6', 'amount payable per unit of measure'],
  [7030, 7039, 'N3+X..27', 'approval number of processor with ISO country code'],
  [7230, 7239, 'X2+X..28', 'certification reference'],
  [710, 717, 'X..20', 'national healthcare reimbursement number'],
  [91, 99, 'X..90', 'company internal information'],
];

function parseFormat(format: string): AiComponent[] {
  return format.split('+').map((part) => {
    const optional = part.startsWith('[');
    const spec = optional ? part.slice(1, -1) : part;
    const set = spec[0] as Gs1CharacterSet;
    const checkDigit = spec.endsWith('c');
    const body = checkDigit ? spec.slice(1, -1) : spec.slice(1);
    const dots = body.indexOf('..');
    if (dots < 0) return { set, min: Number(body), max: Number(body), optional, checkDigit };
    return { set, min: dots === 0 ? 1 : Number(body.slice(0, dots)), max: Number(body.slice(dots + 2)), optional, checkDigit };
  });
}

function define([ai, format, title, flags = '']: Row): AiDefinition {
  const has = (flag: string): boolean => flags.split(' ').includes(flag);
  return {
    ai,
    title,
    format: format.replace(/c/g, ''),
    components: parseFormat(format),
    date: has('yymmd0') ? 'yymmd0' : has('yymmdd') ? 'yymmdd' : has('yyyymmdd') ? 'yyyymmdd' : undefined,
    dataAttribute: !has('noattr'),
    leadingZero: has('zero') ? 'required' : has('nozeroprefix') ? 'forbidden' : undefined,
    checkCharacterPair: has('csumalpha'),
    pieceOfTotal: has('pieceoftotal'),
  };
}

function buildTable(): ReadonlyMap<string, AiDefinition> {
  const map = new Map<string, AiDefinition>();
  for (const row of ROWS) map.set(row[0], define(row));
  for (const [first, last, format, title] of FAMILIES) {
    for (let n = first; n <= last; n++) {
      // Measure families run 0-5 in the last digit only (e.g. 3100-3105, never 3106).
      if (format === 'N6' && n >= 3100 && n <= 3695 && n % 10 > 5) continue;
      map.set(String(n), define([String(n), format, title]));
    }
  }
  return map;
}

/** Every Application Identifier this library knows, keyed by its digits. */
export const APPLICATION_IDENTIFIERS: ReadonlyMap<string, AiDefinition> = buildTable();

export function aiDefinition(ai: string): AiDefinition | undefined {
  return APPLICATION_IDENTIFIERS.get(ai);
}

function issue(code: string, message: string, expected: string): ValidationIssue {
  return { pointer: '', code, message, expected };
}

function describeFormat(def: AiDefinition): string {
  const parts = def.components.map((c) => {
    const size =
      c.min === c.max ? `exactly ${String(c.max)}` : c.min <= 1 ? `up to ${String(c.max)}` : `${String(c.min)} to ${String(c.max)}`;
    return `${c.optional ? 'optionally ' : ''}${size} ${c.set === 'N' ? 'digits' : `characters of ${CHARACTER_SET_NAMES[c.set]}`}`;
  });
  return `(${def.ai}) ${def.title}: ${def.format} — ${parts.join(' then ')}`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Month and day valid for the year; day 00 ("end of month") only where the AI allows it. */
function isValidMonthDay(mm: number, dd: number, leap: boolean, zeroDay: boolean): boolean {
  if (mm < 1 || mm > 12) return false;
  if (dd === 0) return zeroDay;
  const max = mm === 2 && !leap ? 28 : (DAYS_IN_MONTH[mm - 1] ?? 31);
  return dd <= max;
}

function twoDigits(v: string, at: number): number {
  return (v.charCodeAt(at) - 48) * 10 + v.charCodeAt(at + 1) - 48;
}

/** A YYMMDD date at `at`. GS1's sliding century window keeps every YY divisible by 4 a leap year (2000 included). */
function isValidDate(v: string, at: number, zeroDay: boolean): boolean {
  return isValidMonthDay(twoDigits(v, at + 2), twoDigits(v, at + 4), twoDigits(v, at) % 4 === 0, zeroDay);
}

/** A YYYYMMDD date at the start (AI 7250, 7251), with the Gregorian leap-year rule. */
function isValidFullDate(v: string): boolean {
  const year = twoDigits(v, 0) * 100 + twoDigits(v, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return isValidMonthDay(twoDigits(v, 4), twoDigits(v, 6), leap, false);
}

function lengthIssue(def: AiDefinition, value: string): ValidationIssue {
  return issue('GS1_LENGTH', `(${def.ai}) ${def.title} "${value}" has ${String(value.length)} characters`, describeFormat(def));
}

function componentIssue(def: AiDefinition, c: AiComponent, value: string, from: number, to: number): ValidationIssue | undefined {
  const bad = firstOutside(value, c.set, from, to);
  if (bad >= 0) {
    return issue(
      'GS1_CHARSET',
      `(${def.ai}) ${def.title} "${value}" contains "${value.charAt(bad)}" at position ${String(bad + 1)}`,
      describeFormat(def),
    );
  }
  if (c.checkDigit) return checkDigitIssue(value.slice(from, to), `(${def.ai}) ${def.title}`);
  return undefined;
}

/** Walks the components: fixed ones take their length, a variable one the rest; optional ones may be absent. */
function componentsIssue(def: AiDefinition, value: string): ValidationIssue | undefined {
  let at = 0;
  for (const c of def.components) {
    const remaining = value.length - at;
    if (c.optional && remaining === 0) break;
    const take = c.min === c.max ? c.max : Math.min(remaining, c.max);
    if (remaining < c.min || take < c.min) return lengthIssue(def, value);
    const problem = componentIssue(def, c, value, at, at + take);
    if (problem !== undefined) return problem;
    at += take;
  }
  return at === value.length ? undefined : lengthIssue(def, value);
}

function dateIssue(def: AiDefinition, value: string): ValidationIssue | undefined {
  if (def.date === undefined) return undefined;
  const zeroDay = def.date === 'yymmd0';
  if (def.date === 'yyyymmdd') {
    if (isValidFullDate(value)) return undefined;
  } else if (isValidDate(value, 0, zeroDay) && (value.length < 12 || def.ai !== '7007' || isValidDate(value, 6, zeroDay))) {
    // AI 7007 may carry a second date: a harvest period's start and end.
    return undefined;
  }
  const form = def.date === 'yyyymmdd' ? 'YYYYMMDD' : 'YYMMDD';
  return issue(
    'GS1_DATE',
    `(${def.ai}) ${def.title} "${value}" is not a valid date`,
    `a date ${form} (month 01-12, a day that exists in the month${zeroDay ? ', or 00 for the end of the month' : ''})`,
  );
}

function leadingZeroIssue(def: AiDefinition, value: string): ValidationIssue | undefined {
  const first = value.charCodeAt(0);
  if (def.leadingZero === 'required' && first !== 48) {
    return issue('GS1_FORMAT', `(${def.ai}) ${def.title} "${value}" does not start with the filler digit 0`, describeFormat(def));
  }
  if (def.leadingZero === 'forbidden' && first === 48 && value.length > 1) {
    return issue('GS1_FORMAT', `(${def.ai}) ${def.title} "${value}" starts with a zero`, `${describeFormat(def)}, without leading zeros`);
  }
  return undefined;
}

// GS1 General Specifications §7.9.5: the check character pair of a GMN (and MUDI).
const CHECK_WEIGHTS = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83];
const CHECK_CHARACTERS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The two check characters of `body`: each character's set-82 index weighted by primes from the right, mod 1021. */
export function gs1CheckCharacterPair(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    sum += CHARACTER_SET_82.indexOf(body.charAt(body.length - 1 - i)) * (CHECK_WEIGHTS[i] ?? 0);
  }
  sum %= 1021;
  return CHECK_CHARACTERS.charAt(sum >> 5) + CHECK_CHARACTERS.charAt(sum & 31);
}

function structureIssue(def: AiDefinition, value: string): ValidationIssue | undefined {
  if (def.checkCharacterPair) {
    const expected = value.length > 2 ? gs1CheckCharacterPair(value.slice(0, -2)) : '';
    if (value.length <= 2 || !value.endsWith(expected)) {
      return issue(
        'GS1_CHECK_DIGIT',
        `(${def.ai}) ${def.title} "${value}" has a wrong check character pair`,
        `check characters ${expected === '' ? 'after at least one character' : expected} (GS1 General Specifications §7.9.5), got ${value.slice(-2)}`,
      );
    }
  }
  if (def.pieceOfTotal) {
    const piece = Number(value.slice(-4, -2));
    const total = Number(value.slice(-2));
    if (piece < 1 || total < 1 || piece > total) {
      return issue(
        'GS1_FORMAT',
        `(${def.ai}) ${def.title} "${value}" has piece ${String(piece)} of total ${String(total)}`,
        'a piece number from 01 up to the total number of pieces',
      );
    }
  }
  return undefined;
}

/**
 * Checks a value against its AI's format: length of each component, character set, check digit,
 * dates and leading-zero rules. Returns the first problem, or undefined when the value is valid.
 */
export function aiValueIssue(def: AiDefinition, value: string): ValidationIssue | undefined {
  return componentsIssue(def, value) ?? dateIssue(def, value) ?? leadingZeroIssue(def, value) ?? structureIssue(def, value);
}
