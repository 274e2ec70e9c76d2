import { fail, ok, type Result } from '../errors/domain-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { aiDefinition, aiValueIssue } from './application-identifiers.js';
import { encodeEpcComponent, firstOutside, percentDecodeAscii, type Gs1CharacterSet } from './character-sets.js';
import { gs1CheckDigit, isDigits } from './check-digit.js';
import type { Gs1Element } from './gs1-element.js';

/**
 * EPC URIs (GS1 EPC Tag Data Standard 2.x, §6 and §7) ⇄ GS1 element strings.
 * An EPC URN splits a key at the GS1 company prefix (`cp.reference.serial`); the element string
 * carries the whole key with its check digit. Converting towards the URN therefore needs the
 * company-prefix length, converting away from it does not.
 */

/** A GS1 key with its key qualifiers, as both the Digital Link and the EPC URN express it. */
export interface KeyParts {
  readonly primaryKey: Gs1Element;
  readonly qualifiers: readonly Gs1Element[];
}

function issue(code: string, message: string, expected: string): ValidationIssue {
  return { pointer: '', code, message, expected };
}

function q(parts: KeyParts, ai: string): string | undefined {
  for (const e of parts.qualifiers) if (e.ai === ai) return e.value;
  return undefined;
}

/** Where the company prefix starts inside the primary key's value (after an indicator/extension/filler digit). */
export function companyPrefixOffset(ai: string): number {
  return ai === '01' || ai === '00' || ai === '8006' || ai === '8003' ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Element string → EPC URN

type UrnBuilder = (v: string, l: number, parts: KeyParts) => string | undefined;

function gtinRef(gtin: string, l: number): string {
  return `${gtin.slice(1, 1 + l)}.${gtin.charAt(0)}${gtin.slice(1 + l, 13)}`;
}

function buildGtinUrn(v: string, l: number, parts: KeyParts): string | undefined {
  if (l > 12 || q(parts, '22') !== undefined) return undefined;
  const serial = q(parts, '21');
  if (serial !== undefined) return `urn:epc:id:sgtin:${gtinRef(v, l)}.${encodeEpcComponent(serial)}`;
  const tpx = q(parts, '235');
  if (tpx !== undefined) return `urn:epc:id:upui:${gtinRef(v, l)}.${encodeEpcComponent(tpx)}`;
  const lot = q(parts, '10');
  if (lot !== undefined) return `urn:epc:class:lgtin:${gtinRef(v, l)}.${encodeEpcComponent(lot)}`;
  return `urn:epc:idpat:sgtin:${gtinRef(v, l)}.*`;
}

function buildItipUrn(v: string, l: number, parts: KeyParts): string | undefined {
  if (l > 12 || q(parts, '22') !== undefined) return undefined;
  const head = `${gtinRef(v, l)}.${v.slice(14, 16)}.${v.slice(16, 18)}`;
  const serial = q(parts, '21');
  if (serial !== undefined) return `urn:epc:id:itip:${head}.${encodeEpcComponent(serial)}`;
  return q(parts, '10') === undefined ? `urn:epc:idpat:itip:${head}.*` : undefined;
}

function buildSglnUrn(v: string, l: number, parts: KeyParts): string | undefined {
  const ext = q(parts, '254');
  // TDS: extension "0" in an SGLN means "no extension", so a Digital Link /254/0 has no EPC form.
  if (l > 12 || ext === '0' || q(parts, '7040') !== undefined) return undefined;
  return `urn:epc:id:sgln:${v.slice(0, l)}.${v.slice(l, 12)}.${ext === undefined ? '0' : encodeEpcComponent(ext)}`;
}

/** Keys whose numeric body (cp + reference, check digit dropped) is followed by an optional serial. */
function serialisedNumeric(scheme: string, bodyEnd: number, from: number): UrnBuilder {
  return (v, l) => {
    if (l > bodyEnd - from) return undefined;
    const head = `${v.slice(from, from + l)}.${v.slice(from + l, bodyEnd)}`;
    const serial = v.slice(bodyEnd + 1);
    return serial === '' ? `urn:epc:idpat:${scheme}:${head}.*` : `urn:epc:id:${scheme}:${head}.${encodeEpcComponent(serial)}`;
  };
}

/** Keys that are a plain cp + reference; the check digit at `end` is dropped. */
function plainNumeric(scheme: string, end: number): UrnBuilder {
  return (v, l, parts) => (parts.qualifiers.length > 0 ? undefined : `urn:epc:id:${scheme}:${v.slice(0, l)}.${v.slice(l, end)}`);
}

/** Keys that are cp + an alphanumeric reference (GIAI, GINC): the prefix must be digits and leave a reference. */
function alphanumeric(scheme: string): UrnBuilder {
  return (v, l, parts) =>
    v.length <= l || !isDigits(v.slice(0, l)) || parts.qualifiers.length > 0
      ? undefined
      : `urn:epc:id:${scheme}:${v.slice(0, l)}.${encodeEpcComponent(v.slice(l))}`;
}

function buildCpiUrn(v: string, l: number, parts: KeyParts): string | undefined {
  if (v.length <= l || !isDigits(v.slice(0, l))) return undefined;
  const head = `${v.slice(0, l)}.${encodeEpcComponent(v.slice(l))}`;
  const serial = q(parts, '8011');
  return serial === undefined ? `urn:epc:idpat:cpi:${head}.*` : `urn:epc:id:cpi:${head}.${serial}`;
}

const URN_BUILDERS: ReadonlyMap<string, UrnBuilder> = new Map<string, UrnBuilder>([
  ['01', buildGtinUrn],
  ['8006', buildItipUrn],
  ['00', (v, l) => (l > 12 ? undefined : `urn:epc:id:sscc:${v.slice(1, 1 + l)}.${v.charAt(0)}${v.slice(1 + l, 17)}`)],
  ['414', buildSglnUrn],
  ['417', (v, l, parts) => (l > 12 || parts.qualifiers.length > 0 ? undefined : `urn:epc:id:pgln:${v.slice(0, l)}.${v.slice(l, 12)}`)],
  ['8003', serialisedNumeric('grai', 13, 1)],
  ['253', serialisedNumeric('gdti', 12, 0)],
  ['255', serialisedNumeric('sgcn', 12, 0)],
  ['8004', alphanumeric('giai')],
  ['401', alphanumeric('ginc')],
  ['8017', plainNumeric('gsrnp', 17)],
  ['8018', plainNumeric('gsrn', 17)],
  ['402', plainNumeric('gsin', 16)],
  ['8010', buildCpiUrn],
]);

/**
 * The EPC URI of a key with qualifiers, given the company-prefix length: a pure-identity URN
 * (`urn:epc:id:…`), an LGTIN class URN, or — for a key without its serial — the ID pattern URN
 * TDS defines (`urn:epc:idpat:sgtin:cp.ref.*`). Undefined when no EPC form exists (CPV, AI 415,
 * GMN, a GSRN with SRIN, a prefix length that does not fit the key …).
 */
export function epcUriFromParts(parts: KeyParts, gcpLength: number): string | undefined {
  const builder = URN_BUILDERS.get(parts.primaryKey.ai);
  if (builder === undefined || !Number.isInteger(gcpLength) || gcpLength < 6 || gcpLength > 12) return undefined;
  return builder(parts.primaryKey.value, gcpLength, parts);
}

// ---------------------------------------------------------------------------------------------
// EPC URN → element string

/** Splits `body` into `n` dot-separated components; the last keeps any further dots (serials may hold '.'). */
function splitComponents(body: string, n: number): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < n - 1; i++) {
    const dot = body.indexOf('.', from);
    if (dot < 0) return undefined;
    out.push(body.slice(from, dot));
    from = dot + 1;
  }
  out.push(body.slice(from));
  return out;
}

interface Cursor {
  readonly uri: string;
  readonly issues: ValidationIssue[];
}

function syntax(c: Cursor, expected: string): Parsed | undefined {
  c.issues.push(issue('EPC_SYNTAX', `"${c.uri}" is not a well-formed EPC URI`, expected));
  return undefined;
}

/** Checks the company prefix and a numeric reference that together must have `total` digits. */
function numericPair(c: Cursor, cp: string, ref: string, total: number, expected: string): boolean {
  if (!isDigits(cp) || (ref !== '' && !isDigits(ref)) || cp.length + ref.length !== total) {
    syntax(c, expected);
    return false;
  }
  if (cp.length < 6 || cp.length > 12) {
    c.issues.push(
      issue('EPC_GCP_LENGTH', `the GS1 company prefix "${cp}" has ${String(cp.length)} digits`, 'a GS1 company prefix of 6 to 12 digits'),
    );
    return false;
  }
  return true;
}

/** Decodes and checks an alphanumeric EPC component against a character set and length. */
function text(c: Cursor, raw: string, what: string, max: number, set: Gs1CharacterSet = 'X'): string | undefined {
  const value = percentDecodeAscii(raw);
  if (value === undefined || firstOutside(value, set) >= 0) {
    c.issues.push(
      issue(
        'GS1_CHARSET',
        `the ${what} "${raw}" has characters outside its character set`,
        set === 'Y'
          ? 'characters 0-9 A-Z - and %23 (#) %2F (/)'
          : 'characters of GS1 AI encodable character set 82, with " % & / < > ? escaped as %22 %25 %26 %2F %3C %3E %3F',
      ),
    );
    return undefined;
  }
  if (value.length === 0 || value.length > max) {
    c.issues.push(
      issue('GS1_LENGTH', `the ${what} "${value}" has ${String(value.length)} characters`, `a ${what} of 1 to ${String(max)} characters`),
    );
    return undefined;
  }
  return value;
}

function withCheck(body: string): string {
  return body + String(gs1CheckDigit(body));
}

function gtinFrom(cp: string, ref: string): string {
  return withCheck(ref.charAt(0) + cp + ref.slice(1));
}

interface Parsed {
  readonly parts: KeyParts;
  readonly gcpLength: number;
}

function parsed(cp: string, primary: Gs1Element, qualifiers: Gs1Element[] = []): Parsed {
  return { parts: { primaryKey: primary, qualifiers }, gcpLength: cp.length };
}

/**
 * Applies the element-string rules the URN grammar does not carry (CPID serial without leading
 * zeros, ITIP piece within its total) so that every parsed URN has a valid Digital Link.
 */
function checked<T>(c: Cursor, result: T, ai: string, value: string): T | undefined {
  const def = aiDefinition(ai);
  const problem = def === undefined ? undefined : aiValueIssue(def, value);
  if (problem === undefined) return result;
  c.issues.push(problem);
  return undefined;
}

const GTIN_SHAPE = 'cp.indicatorAndItemRef with 13 digits in all, the company prefix 6 to 12 of them';

function parseSgtinLike(c: Cursor, body: string, lastAi: string | undefined, what: string, max: number): Parsed | undefined {
  const comps = splitComponents(body, 3);
  if (comps === undefined) return syntax(c, `${GTIN_SHAPE}, then .${what}`);
  const [cp = '', ref = '', last = ''] = comps;
  if (!numericPair(c, cp, ref, 13, `${GTIN_SHAPE}, then .${what}`) || ref === '') return undefined;
  const gtin = { ai: '01', value: gtinFrom(cp, ref) };
  if (lastAi === undefined) return last === '*' ? parsed(cp, gtin) : syntax(c, `${GTIN_SHAPE}.* (a pattern of one GTIN)`);
  const value = text(c, last, what, max);
  return value === undefined ? undefined : parsed(cp, gtin, [{ ai: lastAi, value }]);
}

function parseItip(c: Cursor, body: string, pattern: boolean): Parsed | undefined {
  const comps = splitComponents(body, 5);
  const expected = `${GTIN_SHAPE}, then .piece.total (2 digits each) and .serial`;
  if (comps === undefined) return syntax(c, expected);
  const [cp = '', ref = '', piece = '', total = '', serial = ''] = comps;
  if (!numericPair(c, cp, ref, 13, expected) || ref === '') return undefined;
  if (piece.length !== 2 || total.length !== 2 || !isDigits(piece + total)) return syntax(c, expected);
  const key = { ai: '8006', value: gtinFrom(cp, ref) + piece + total };
  if (checked(c, key, '8006', key.value) === undefined) return undefined;
  if (pattern) return serial === '*' ? parsed(cp, key) : syntax(c, `${GTIN_SHAPE}.piece.total.*`);
  const value = text(c, serial, 'serial', 20);
  return value === undefined ? undefined : parsed(cp, key, [{ ai: '21', value }]);
}

function parseSscc(c: Cursor, body: string): Parsed | undefined {
  const [cp = '', ref = '', extra] = body.split('.');
  const expected = 'cp.extensionAndSerialRef with 17 digits in all';
  if (extra !== undefined || !numericPair(c, cp, ref, 17, expected)) return extra === undefined ? undefined : syntax(c, expected);
  return parsed(cp, { ai: '00', value: withCheck(ref.charAt(0) + cp + ref.slice(1)) });
}

function parseSgln(c: Cursor, body: string): Parsed | undefined {
  const comps = splitComponents(body, 3);
  const expected = 'cp.locationRef (12 digits in all) then .extension ("0" for none)';
  if (comps === undefined) return syntax(c, expected);
  const [cp = '', ref = '', ext = ''] = comps;
  if (!numericPair(c, cp, ref, 12, expected)) return undefined;
  const extension = text(c, ext, 'GLN extension', 20);
  if (extension === undefined) return undefined;
  const gln = { ai: '414', value: withCheck(cp + ref) };
  return parsed(cp, gln, extension === '0' ? [] : [{ ai: '254', value: extension }]);
}

/** cp.ref with `total` digits and a check digit appended: PGLN, GSRN, GSRNP, GSIN. */
function parseNumericKey(ai: string, total: number): (c: Cursor, body: string) => Parsed | undefined {
  return (c, body) => {
    const [cp = '', ref = '', extra] = body.split('.');
    const expected = `cp.reference with ${String(total)} digits in all`;
    if (extra !== undefined) return syntax(c, expected);
    return numericPair(c, cp, ref, total, expected) ? parsed(cp, { ai, value: withCheck(cp + ref) }) : undefined;
  };
}

/** cp.ref.serial with a 12-digit cp+ref and a check digit, serial appended: GRAI, GDTI, SGCN. */
function parseSerialised(
  ai: string,
  filler: string,
  max: number,
  set: Gs1CharacterSet,
  pattern: boolean,
): (c: Cursor, body: string) => Parsed | undefined {
  return (c, body) => {
    const comps = splitComponents(body, 3);
    const expected = `cp.reference (12 digits in all) then .serial${pattern ? ' given as *' : ''}`;
    if (comps === undefined) return syntax(c, expected);
    const [cp = '', ref = '', last = ''] = comps;
    if (!numericPair(c, cp, ref, 12, expected)) return undefined;
    const base = filler + withCheck(cp + ref);
    if (pattern) return last === '*' ? parsed(cp, { ai, value: base }) : syntax(c, expected);
    const serial = text(c, last, 'serial', max, set);
    return serial === undefined ? undefined : parsed(cp, { ai, value: base + serial });
  };
}

/** cp.reference with an alphanumeric reference: GIAI, GINC (30 characters in all). */
function parseAlphanumeric(ai: string): (c: Cursor, body: string) => Parsed | undefined {
  return (c, body) => {
    const comps = splitComponents(body, 2);
    const expected = 'cp.reference, 30 characters in all';
    if (comps === undefined) return syntax(c, expected);
    const [cp = '', raw = ''] = comps;
    if (!numericPair(c, cp, '', cp.length, expected)) return undefined;
    const ref = text(c, raw, 'reference', 30 - cp.length);
    return ref === undefined ? undefined : parsed(cp, { ai, value: cp + ref });
  };
}

function parseCpi(pattern: boolean): (c: Cursor, body: string) => Parsed | undefined {
  return (c, body) => {
    const first = body.indexOf('.');
    const last = body.lastIndexOf('.');
    const expected = 'cp.partReference.serial (serial up to 12 digits)';
    if (first < 0 || last === first) return syntax(c, expected);
    const cp = body.slice(0, first);
    if (!numericPair(c, cp, '', cp.length, expected)) return undefined;
    const ref = text(c, body.slice(first + 1, last), 'component/part reference', 30 - cp.length, 'Y');
    if (ref === undefined) return undefined;
    const key = { ai: '8010', value: cp + ref };
    const serial = body.slice(last + 1);
    if (pattern) return serial === '*' ? parsed(cp, key) : syntax(c, 'cp.partReference.*');
    if (serial.length > 12 || !isDigits(serial)) return syntax(c, expected);
    return checked(c, parsed(cp, key, [{ ai: '8011', value: serial }]), '8011', serial);
  };
}

type SchemeParser = (c: Cursor, body: string) => Parsed | undefined;

const ID_SCHEMES: ReadonlyMap<string, SchemeParser> = new Map<string, SchemeParser>([
  ['sgtin', (c, b) => parseSgtinLike(c, b, '21', 'serial', 20)],
  ['upui', (c, b) => parseSgtinLike(c, b, '235', 'TPX', 28)],
  ['itip', (c, b) => parseItip(c, b, false)],
  ['sscc', parseSscc],
  ['sgln', parseSgln],
  ['pgln', parseNumericKey('417', 12)],
  ['grai', parseSerialised('8003', '0', 16, 'X', false)],
  ['gdti', parseSerialised('253', '', 17, 'X', false)],
  ['sgcn', parseSerialised('255', '', 12, 'N', false)],
  ['giai', parseAlphanumeric('8004')],
  ['ginc', parseAlphanumeric('401')],
  ['gsrn', parseNumericKey('8018', 17)],
  ['gsrnp', parseNumericKey('8017', 17)],
  ['gsin', parseNumericKey('402', 16)],
  ['cpi', parseCpi(false)],
]);

const PATTERN_SCHEMES: ReadonlyMap<string, SchemeParser> = new Map<string, SchemeParser>([
  ['sgtin', (c, b) => parseSgtinLike(c, b, undefined, '*', 0)],
  ['upui', (c, b) => parseSgtinLike(c, b, undefined, '*', 0)],
  ['itip', (c, b) => parseItip(c, b, true)],
  ['grai', parseSerialised('8003', '0', 16, 'X', true)],
  ['gdti', parseSerialised('253', '', 17, 'X', true)],
  ['sgcn', parseSerialised('255', '', 12, 'N', true)],
  ['cpi', parseCpi(true)],
]);

const CLASS_SCHEMES: ReadonlyMap<string, SchemeParser> = new Map<string, SchemeParser>([
  ['lgtin', (c, b) => parseSgtinLike(c, b, '10', 'lot', 20)],
]);

// EPC schemes that are not GS1 keys (TDS §6.3.x): valid EPCs, but with no Digital Link form.
const NON_GS1_SCHEMES = new Set(['gid', 'usdod', 'adi', 'bic', 'imovn']);

const TYPES: ReadonlyMap<string, ReadonlyMap<string, SchemeParser>> = new Map([
  ['id', ID_SCHEMES],
  ['idpat', PATTERN_SCHEMES],
  ['class', CLASS_SCHEMES],
]);

/** True when `uri` starts with `urn:epc:` (case-insensitive, as URN namespace identifiers are). */
export function isEpcUrn(uri: string): boolean {
  // The lower-case spelling is the only one seen in practice: no slice and case folding for it.
  return uri.length > 8 && (uri.startsWith('urn:epc:') || uri.slice(0, 8).toLowerCase() === 'urn:epc:');
}

/**
 * Parses an EPC pure-identity URN (`urn:epc:id:…`), an LGTIN class URN (`urn:epc:class:lgtin:…`)
 * or a one-key ID pattern (`urn:epc:idpat:sgtin:cp.ref.*`) into the GS1 key, its qualifiers and
 * the company-prefix length it reveals.
 */
export function parseEpcUrn(uri: string): Result<Parsed> {
  const typeEnd = uri.indexOf(':', 8);
  const schemeEnd = typeEnd < 0 ? -1 : uri.indexOf(':', typeEnd + 1);
  if (!isEpcUrn(uri) || schemeEnd < 0) {
    return fail(
      issue('EPC_SYNTAX', `"${uri}" is not an EPC URI`, 'urn:epc:id:{scheme}:{components}, e.g. urn:epc:id:sgtin:0614141.112345.400'),
    );
  }
  const rawType = uri.slice(8, typeEnd);
  const rawScheme = uri.slice(typeEnd + 1, schemeEnd);
  // Written in lower case almost always: look that up first, fold the case only when it misses.
  let parser = TYPES.get(rawType)?.get(rawScheme);
  const type = parser === undefined ? rawType.toLowerCase() : rawType;
  const scheme = parser === undefined ? rawScheme.toLowerCase() : rawScheme;
  parser ??= TYPES.get(type)?.get(scheme);
  if (parser === undefined) {
    const notGs1 = type === 'id' && NON_GS1_SCHEMES.has(scheme);
    return fail(
      issue(
        notGs1 ? 'EPC_NOT_GS1_KEY' : 'EPC_SCHEME',
        notGs1
          ? `"urn:epc:id:${scheme}" is an EPC scheme without a GS1 key`
          : `"urn:epc:${type}:${scheme}" is not an EPC scheme this ledger converts`,
        'urn:epc:id:{sgtin|sscc|sgln|pgln|grai|giai|gsrn|gsrnp|gdti|cpi|sgcn|ginc|gsin|itip|upui}, urn:epc:class:lgtin or urn:epc:idpat:{sgtin|grai|gdti|sgcn|cpi|itip|upui} with a final *',
      ),
    );
  }
  const cursor: Cursor = { uri, issues: [] };
  const result = parser(cursor, uri.slice(schemeEnd + 1));
  if (result === undefined) return fail(...cursor.issues);
  return ok(result);
}
