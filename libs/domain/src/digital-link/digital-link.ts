import { fail, ok, type Result } from '../errors/domain-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { aiDefinition, aiValueIssue } from '../gs1/application-identifiers.js';
import { encodeDigitalLinkValue, percentDecodeAscii } from '../gs1/character-sets.js';
import { normaliseGtin } from '../gs1/check-digit.js';
import type { Gs1Element } from '../gs1/gs1-element.js';
import {
  DIGITAL_LINK_KEYS,
  KEY_QUALIFIER_AIS,
  SHORT_NAMES,
  pathTemplate,
  qualifierPosition,
  type DigitalLinkKey,
} from './digital-link-keys.js';

/** GS1's own resolver: the host of the canonical form of a GS1 Digital Link URI. */
export const GS1_CANONICAL_BASE = 'https://id.gs1.org';

/** A GS1 Digital Link decomposed into its GS1 parts; values are percent-decoded. */
export interface DigitalLinkParts {
  readonly primaryKey: Gs1Element;
  /** Key qualifiers in the key's fixed order (e.g. 22, 10, 21 for a GTIN). */
  readonly qualifiers: readonly Gs1Element[];
  /** Data attributes from the query string, sorted by AI. */
  readonly attributes: readonly Gs1Element[];
}

function issue(code: string, message: string, expected: string): ValidationIssue {
  return { pointer: '', code, message, expected };
}

const CANONICAL_EXPECTED = 'a GS1 Digital Link such as https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=280131';

/** Validates (and for a GTIN, pads to 14 digits) one AI value; pushes problems to `issues`. */
function checkedValue(ai: string, value: string, issues: ValidationIssue[]): string {
  if (ai === '01') {
    const gtin = normaliseGtin(value);
    if (gtin.ok) return gtin.value;
    issues.push(...gtin.issues);
    return value;
  }
  const def = aiDefinition(ai);
  if (def === undefined) {
    issues.push(
      issue('DL_UNKNOWN_AI', `"${ai}" is not a GS1 Application Identifier`, 'a GS1 Application Identifier of the General Specifications'),
    );
    return value;
  }
  const problem = aiValueIssue(def, value);
  if (problem !== undefined) issues.push(problem);
  return value;
}

function decoded(raw: string, ai: string, issues: ValidationIssue[]): string {
  const value = percentDecodeAscii(raw);
  if (value === undefined) {
    issues.push(
      issue(
        'GS1_CHARSET',
        `the value of (${ai}) "${raw}" has a malformed or non-ASCII percent-escape`,
        'characters of GS1 AI encodable character set 82, percent-encoded where URIs require it',
      ),
    );
    return raw;
  }
  return value;
}

function byAi(a: Gs1Element, b: Gs1Element): number {
  return a.ai < b.ai ? -1 : a.ai > b.ai ? 1 : 0;
}

function resolveAi(segment: string): string {
  return SHORT_NAMES.get(segment) ?? segment;
}

function isNumeric(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

interface SplitUri {
  readonly path: string;
  readonly query: string;
}

/** Splits `http(s)://authority/path?query#fragment` without a URL object (hot path). */
function splitHttpUri(uri: string): SplitUri | undefined {
  const scheme = uri.slice(0, 8).toLowerCase();
  let rest: number;
  if (scheme === 'https://') rest = 8;
  else if (scheme.startsWith('http://')) rest = 7;
  else return undefined;
  let end = uri.length;
  const hash = uri.indexOf('#', rest);
  if (hash >= 0) end = hash;
  const q = uri.indexOf('?', rest);
  const queryStart = q >= 0 && q < end ? q : end;
  const slash = uri.indexOf('/', rest);
  if (slash < 0 || slash > queryStart || slash === rest) return undefined;
  return { path: uri.slice(slash, queryStart), query: queryStart < end ? uri.slice(queryStart + 1, end) : '' };
}

interface PathParse {
  key: DigitalLinkKey | undefined;
  keyValue: string;
  /** Qualifier (ai, raw value) pairs in path order. */
  qualifiers: [string, string][];
}

function notInPathIssue(ai: string): ValidationIssue {
  if (aiDefinition(ai) !== undefined) {
    return issue(
      'DL_AI_NOT_IN_PATH',
      `(${ai}) is neither a primary key nor a key qualifier, so it cannot be in the path`,
      `data attributes such as (${ai}) in the query string: ?${ai}=…`,
    );
  }
  return issue(
    'DL_UNKNOWN_AI',
    `"${ai}" in the path is not a GS1 Application Identifier the Digital Link standard allows`,
    'a path /{primary key AI}/{value} followed by its key qualifiers, e.g. /01/{gtin}/10/{lot}/21/{serial}',
  );
}

/** Pairs path segments from the right: qualifiers, then the primary key; anything left is a path prefix. */
function parsePath(path: string, issues: ValidationIssue[]): PathParse {
  // Walks /ai/value pairs from the right (no split: this runs for every EPC of every event).
  let end = path.length;
  if (end > 1 && path.charCodeAt(end - 1) === 47) end--; // one trailing '/' is tolerated
  const qualifiers: [string, string][] = [];
  while (end > 0) {
    const valueSlash = path.lastIndexOf('/', end - 1);
    const aiSlash = valueSlash > 0 ? path.lastIndexOf('/', valueSlash - 1) : -1;
    if (aiSlash < 0) break;
    const ai = resolveAi(path.slice(aiSlash + 1, valueSlash));
    const value = path.slice(valueSlash + 1, end);
    const key = DIGITAL_LINK_KEYS.get(ai);
    if (key !== undefined) return { key, keyValue: value, qualifiers: qualifiers.reverse() };
    if (!KEY_QUALIFIER_AIS.has(ai)) {
      issues.push(
        isNumeric(ai) ? notInPathIssue(ai) : issue('DL_NO_PRIMARY_KEY', `the path "${path}" has no GS1 primary key`, CANONICAL_EXPECTED),
      );
      return { key: undefined, keyValue: '', qualifiers };
    }
    qualifiers.push([ai, value]);
    end = aiSlash;
  }
  issues.push(issue('DL_NO_PRIMARY_KEY', `the path "${path}" has no GS1 primary key`, CANONICAL_EXPECTED));
  return { key: undefined, keyValue: '', qualifiers };
}

/** Checks qualifiers belong to the key, appear once and in the key's order. */
function checkQualifierOrder(key: DigitalLinkKey, qualifiers: readonly (readonly [string, string])[], issues: ValidationIssue[]): void {
  let sequence = -1;
  let last = -1;
  const seen = new Set<string>();
  for (const [ai] of qualifiers) {
    if (seen.has(ai)) {
      issues.push(issue('DL_DUPLICATE_AI', `(${ai}) appears more than once`, 'each Application Identifier at most once'));
      continue;
    }
    seen.add(ai);
    const pos = qualifierPosition(key, ai);
    if (pos === undefined) {
      issues.push(issue('DL_QUALIFIER_NOT_ALLOWED', `(${ai}) is not a key qualifier of (${key.ai})`, `the path ${pathTemplate(key)}`));
      continue;
    }
    if ((sequence >= 0 && pos[0] !== sequence) || pos[1] <= last) {
      issues.push(
        issue('DL_QUALIFIER_ORDER', `(${ai}) is out of order after (${key.ai})`, `the qualifiers in the order ${pathTemplate(key)}`),
      );
      continue;
    }
    sequence = pos[0];
    last = pos[1];
  }
}

/**
 * Why `ai` cannot be a data attribute here, or undefined when it can: each AI once, a known AI,
 * not a qualifier of this key (those go in the path), and one the GS1 Barcode Syntax Dictionary
 * permits as a Digital Link data attribute.
 */
function attributeIssue(key: DigitalLinkKey | undefined, ai: string, seen: Set<string>): ValidationIssue | undefined {
  if (seen.has(ai)) return issue('DL_DUPLICATE_AI', `(${ai}) appears more than once`, 'each Application Identifier at most once');
  seen.add(ai);
  const def = aiDefinition(ai);
  if (def === undefined) {
    return issue(
      'DL_UNKNOWN_AI',
      `"${ai}" in the query string is not a GS1 Application Identifier`,
      'data attributes as ?{AI}={value} with AIs of the GS1 General Specifications',
    );
  }
  if (key !== undefined && qualifierPosition(key, ai) !== undefined) {
    return issue(
      'DL_KEY_IN_QUERY',
      `(${ai}) is a key qualifier of (${key.ai}) in the query string`,
      `key qualifiers in the path: ${pathTemplate(key)}`,
    );
  }
  if (!def.dataAttribute) {
    return issue(
      'DL_NOT_DATA_ATTRIBUTE',
      `(${ai}) ${def.title} is not permitted as a Digital Link data attribute`,
      'data attributes the GS1 Barcode Syntax Dictionary permits in a Digital Link query string (e.g. 17, 11, 3103)',
    );
  }
  return undefined;
}

function parseQuery(query: string, key: DigitalLinkKey | undefined, seen: Set<string>, issues: ValidationIssue[]): Gs1Element[] {
  const attributes: Gs1Element[] = [];
  if (query.length === 0) return attributes;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    // Non-numeric parameters (linkType, context, …) are for the resolver, not part of the identity.
    if (!isNumeric(name)) continue;
    const problem = attributeIssue(key, name, seen);
    if (problem !== undefined) {
      issues.push(problem);
      continue;
    }
    const value = decoded(eq < 0 ? '' : pair.slice(eq + 1), name, issues);
    attributes.push({ ai: name, value: checkedValue(name, value, issues) });
  }
  return attributes.sort(byAi);
}

/**
 * Parses and validates a GS1 Digital Link URI (uncompressed, any http/https host, optional path
 * prefix before the primary key). Returns every problem found, each with a stable code.
 */
export function parseDigitalLink(uri: string): Result<DigitalLinkParts> {
  const split = splitHttpUri(uri);
  if (split === undefined) {
    return fail(issue('DL_SYNTAX', `"${uri}" is not an http(s) URI with a path`, CANONICAL_EXPECTED));
  }
  const issues: ValidationIssue[] = [];
  const parsed = parsePath(split.path, issues);
  const key = parsed.key;
  if (key === undefined) return fail(...issues);
  checkQualifierOrder(key, parsed.qualifiers, issues);
  const primaryKey = { ai: key.ai, value: checkedValue(key.ai, decoded(parsed.keyValue, key.ai, issues), issues) };
  const qualifiers: Gs1Element[] = [];
  const pathAis = new Set<string>([key.ai]);
  for (const [ai, raw] of parsed.qualifiers) {
    pathAis.add(ai);
    qualifiers.push({ ai, value: checkedValue(ai, decoded(raw, ai, issues), issues) });
  }
  const attributes = parseQuery(split.query, key, pathAis, issues);
  if (issues.length > 0) return fail(...issues);
  return ok({ primaryKey, qualifiers, attributes });
}

function normaliseBase(base: string): Result<string> {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  const lower = trimmed.slice(0, 8).toLowerCase();
  if (!(lower.startsWith('https://') || lower.startsWith('http://')) || trimmed.includes('?') || trimmed.includes('#')) {
    return fail(
      issue('DL_BASE', `"${base}" is not an http(s) base URL`, 'a base such as https://id.gs1.org or https://resolver.example.com/path'),
    );
  }
  return ok(trimmed);
}

/** Writes parts that are already valid and ordered; the one place the canonical form is spelt. */
export function formatDigitalLink(parts: DigitalLinkParts, base: string = GS1_CANONICAL_BASE, withAttributes = true): string {
  let s = base + '/' + parts.primaryKey.ai + '/' + encodeDigitalLinkValue(parts.primaryKey.value);
  for (const q of parts.qualifiers) s += '/' + q.ai + '/' + encodeDigitalLinkValue(q.value);
  if (withAttributes && parts.attributes.length > 0) {
    s += '?' + parts.attributes.map((a) => a.ai + '=' + encodeDigitalLinkValue(a.value)).join('&');
  }
  return s;
}

/**
 * Builds a canonical GS1 Digital Link: validates every value, puts the qualifiers in the key's
 * fixed order and the attributes in AI order, pads a GTIN to 14 digits, percent-encodes values.
 * `base` defaults to https://id.gs1.org; a deployment may pass its own resolver.
 */
export function buildDigitalLink(
  primary: Gs1Element,
  qualifiers: readonly Gs1Element[] = [],
  attributes: readonly Gs1Element[] = [],
  base: string = GS1_CANONICAL_BASE,
): Result<string> {
  const issues: ValidationIssue[] = [];
  const baseResult = normaliseBase(base);
  if (!baseResult.ok) issues.push(...baseResult.issues);
  const key = DIGITAL_LINK_KEYS.get(primary.ai);
  if (key === undefined) {
    issues.push(
      issue(
        'DL_NOT_A_PRIMARY_KEY',
        `(${primary.ai}) is not a primary key of the GS1 Digital Link standard`,
        `one of ${[...DIGITAL_LINK_KEYS.keys()].join(', ')}`,
      ),
    );
    return fail(...issues);
  }
  const ordered = [...qualifiers].sort((a, b) => (qualifierPosition(key, a.ai)?.[1] ?? 99) - (qualifierPosition(key, b.ai)?.[1] ?? 99));
  checkQualifierOrder(
    key,
    ordered.map((q) => [q.ai, q.value] as const),
    issues,
  );
  const parts: DigitalLinkParts = {
    primaryKey: { ai: key.ai, value: checkedValue(key.ai, primary.value, issues) },
    qualifiers: ordered.map((q) => ({ ai: q.ai, value: checkedValue(q.ai, q.value, issues) })),
    attributes: checkedAttributes(key, qualifiers, attributes, issues),
  };
  if (issues.length > 0 || !baseResult.ok) return fail(...issues);
  return ok(formatDigitalLink(parts, baseResult.value));
}

function checkedAttributes(
  key: DigitalLinkKey,
  qualifiers: readonly Gs1Element[],
  attributes: readonly Gs1Element[],
  issues: ValidationIssue[],
): Gs1Element[] {
  const seen = new Set<string>([key.ai, ...qualifiers.map((q) => q.ai)]);
  const out: Gs1Element[] = [];
  for (const a of attributes) {
    const problem = attributeIssue(key, a.ai, seen);
    if (problem === undefined) out.push({ ai: a.ai, value: checkedValue(a.ai, a.value, issues) });
    else issues.push(problem);
  }
  return out.sort(byAi);
}

/** The canonical form (numeric AIs, fixed order, padded GTIN, sorted attributes) of a Digital Link. */
export function canonicaliseDigitalLink(uri: string, base: string = GS1_CANONICAL_BASE): Result<string> {
  const parsed = parseDigitalLink(uri.trim());
  if (!parsed.ok) return parsed;
  const b = normaliseBase(base);
  if (!b.ok) return b;
  return ok(formatDigitalLink(parsed.value, b.value));
}
