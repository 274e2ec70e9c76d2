import { fail, ok, type Result } from '../errors/domain-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { formatDigitalLink, parseDigitalLink } from '../digital-link/digital-link.js';
import { companyPrefixOffset, epcUriFromParts, isEpcUrn, parseEpcUrn, type KeyParts } from './epc-uri.js';
import { DirectMappedMemo } from './direct-mapped.memo.js';
import type { Gs1Element } from './gs1-element.js';

/**
 * One entry point for every way an EPCIS document names a GS1-identified thing: EPC URNs and
 * GS1 Digital Link URIs. Both are reduced to the same parts and the same canonical Digital Link,
 * which is the key used everywhere (chaincode, store, Kafka).
 */

export type IdentifierKind =
  | 'sgtin'
  | 'lgtin'
  | 'gtin'
  | 'sscc'
  | 'sgln'
  | 'pgln'
  | 'grai'
  | 'giai'
  | 'gsrn'
  | 'gdti'
  | 'cpi'
  | 'sgcn'
  | 'ginc'
  | 'gsin'
  // Keys of TDS 2.x / Digital Link 1.2 beyond the classic schemes.
  | 'gsrnp'
  | 'itip'
  | 'upui'
  | 'gmn'
  | 'gln-invoicing';

export interface ParsedIdentifier {
  readonly kind: IdentifierKind;
  /** e.g. `{ ai: '01', value: '09520123456788' }` — a GTIN always has 14 digits. */
  readonly primaryKey: Gs1Element;
  /** Key qualifiers in Digital Link order (22, 10, 21 for 01; 254 for 414; …). */
  readonly qualifiers: readonly Gs1Element[];
  /** Data attributes from a Digital Link's query string (e.g. 17 expiry), sorted by AI. */
  readonly attributes: readonly Gs1Element[];
  /** The canonical Digital Link of the key and its qualifiers on https://id.gs1.org (no query string). */
  readonly digitalLink: string;
  /** The EPC URI (pure identity, LGTIN class or one-key pattern) when the company-prefix length is known. */
  readonly epcUri: string | undefined;
}

export interface ParseOptions {
  /**
   * The GS1 company prefix length, which a Digital Link does not carry. A function receives the
   * key's digits from where the company prefix starts (GTIN, SSCC, ITIP: after the indicator or
   * extension digit; GRAI: after its filler 0) and returns the length, or undefined if unknown.
   */
  readonly gcpLength?: number | ((keyDigits: string) => number | undefined);
}

const KINDS_BY_AI: ReadonlyMap<string, IdentifierKind> = new Map<string, IdentifierKind>([
  ['00', 'sscc'],
  ['414', 'sgln'],
  ['417', 'pgln'],
  ['415', 'gln-invoicing'],
  ['8003', 'grai'],
  ['8004', 'giai'],
  ['8017', 'gsrnp'],
  ['8018', 'gsrn'],
  ['253', 'gdti'],
  ['255', 'sgcn'],
  ['8010', 'cpi'],
  ['401', 'ginc'],
  ['402', 'gsin'],
  ['8006', 'itip'],
  ['8013', 'gmn'],
]);

function has(parts: KeyParts, ai: string): boolean {
  for (const e of parts.qualifiers) if (e.ai === ai) return true;
  return false;
}

function kindOf(parts: KeyParts): IdentifierKind {
  const ai = parts.primaryKey.ai;
  if (ai !== '01') return KINDS_BY_AI.get(ai) ?? 'gtin';
  if (has(parts, '21')) return 'sgtin';
  if (has(parts, '235')) return 'upui';
  return has(parts, '10') ? 'lgtin' : 'gtin';
}

function issue(code: string, message: string, expected: string): ValidationIssue {
  return { pointer: '', code, message, expected };
}

const GCP_EXPECTED = 'a GS1 company prefix length from 6 to 12';

/** The company-prefix length the options give for this key: a number, undefined (unknown), or an issue. */
function resolveGcpLength(parts: KeyParts, options: ParseOptions | undefined): number | undefined | ValidationIssue {
  const option = options?.gcpLength;
  if (option === undefined) return undefined;
  const length = typeof option === 'number' ? option : option(parts.primaryKey.value.slice(companyPrefixOffset(parts.primaryKey.ai)));
  if (length === undefined) return undefined;
  if (!Number.isInteger(length) || length < 6 || length > 12) {
    return issue('EPC_GCP_LENGTH', `the GS1 company prefix length ${String(length)} is not possible`, GCP_EXPECTED);
  }
  return length;
}

function identifier(parts: KeyParts, attributes: readonly Gs1Element[], epcUri: string | undefined): ParsedIdentifier {
  return {
    kind: kindOf(parts),
    primaryKey: parts.primaryKey,
    qualifiers: parts.qualifiers,
    attributes,
    digitalLink: canonicalKeyLink(parts),
    epcUri,
  };
}

function canonicalKeyLink(parts: KeyParts): string {
  return formatDigitalLink({ primaryKey: parts.primaryKey, qualifiers: parts.qualifiers, attributes: [] });
}

const UNRECOGNISED_EXPECTED =
  'an EPC URN (urn:epc:id:sgtin:0614141.112345.400) or a GS1 Digital Link (https://id.gs1.org/01/80614141123458/21/400)';

/**
 * Parses and validates an EPC URN or a GS1 Digital Link (any host). Never throws; every problem
 * comes back as a ValidationIssue with pointer '' for the caller to re-base.
 */
export function parseIdentifier(input: string, options?: ParseOptions): Result<ParsedIdentifier> {
  if (typeof input !== 'string') {
    return fail(issue('IDENTIFIER_TYPE', 'the identifier is not a string', UNRECOGNISED_EXPECTED));
  }
  const uri = input.trim();
  if (isEpcUrn(uri)) {
    const epc = parseEpcUrn(uri);
    if (!epc.ok) return epc;
    return ok(identifier(epc.value.parts, [], epcUriFromParts(epc.value.parts, epc.value.gcpLength)));
  }
  const c = uri.charCodeAt(0);
  if (c !== 104 && c !== 72) {
    return fail(issue('IDENTIFIER_UNRECOGNISED', `"${uri}" is neither an EPC URN nor a GS1 Digital Link`, UNRECOGNISED_EXPECTED));
  }
  const dl = parseDigitalLink(uri);
  if (!dl.ok) return dl;
  const gcp = resolveGcpLength(dl.value, options);
  if (typeof gcp === 'object') return fail(gcp);
  return ok(identifier(dl.value, dl.value.attributes, gcp === undefined ? undefined : epcUriFromParts(dl.value, gcp)));
}

/** What a GS1 identifier is and its canonical Digital Link: all that validation and hashing need of it. */
export interface KeyIdentity {
  readonly kind: IdentifierKind;
  /** The canonical Digital Link of the key and its qualifiers on https://id.gs1.org (no query string). */
  readonly digitalLink: string;
}

/**
 * Recently identified keys. Validation and then hashing of the same event (the ingest path)
 * parse every EPC twice, and locations, parties and classes recur across events, so a small memo
 * saves the repeated parse (only successes are kept: failures carry issues a caller may re-base).
 */
const keyMemo = new DirectMappedMemo<KeyIdentity>(1024);

/**
 * `parseIdentifier(input)` reduced to the kind and the canonical Digital Link, with the same
 * failures, without building the EPC URI or the attribute list (hot path: every EPC of every event).
 * Never throws.
 */
export function identifyKey(input: string): Result<KeyIdentity> {
  if (typeof input !== 'string') return parseIdentifier(input);
  const known = keyMemo.get(input);
  if (known !== undefined) return ok(known);
  const uri = input.trim();
  if (isEpcUrn(uri)) {
    const epc = parseEpcUrn(uri);
    if (!epc.ok) return epc;
    const identity: KeyIdentity = Object.freeze({ kind: kindOf(epc.value.parts), digitalLink: canonicalKeyLink(epc.value.parts) });
    keyMemo.set(input, identity);
    return ok(identity);
  }
  const c = uri.charCodeAt(0);
  if (c !== 104 && c !== 72) return parseIdentifier(uri);
  const dl = parseDigitalLink(uri);
  if (!dl.ok) return dl;
  const identity: KeyIdentity = Object.freeze({ kind: kindOf(dl.value), digitalLink: canonicalKeyLink(dl.value) });
  keyMemo.set(input, identity);
  return ok(identity);
}

/**
 * The key used everywhere for an object: the canonical https://id.gs1.org Digital Link for any
 * valid GS1 identifier (EPC URN or Digital Link on any host, query string dropped); any other
 * URI — or an invalid one, which validation reports elsewhere — is returned trimmed, unchanged.
 */
export function canonicalObjectId(input: string): string {
  const uri = typeof input === 'string' ? input.trim() : '';
  const c = uri.charCodeAt(0);
  // Only EPC URNs (u/U) and http(s) URIs (h/H) can be GS1 identifiers.
  if (c !== 117 && c !== 85 && c !== 104 && c !== 72) return uri;
  if ((c === 117 || c === 85) && !isEpcUrn(uri)) return uri;
  const identity = identifyKey(uri);
  return identity.ok ? identity.value.digitalLink : uri;
}

/** The canonical Digital Link of an EPC URN (pure identity, LGTIN class or one-key pattern). */
export function epcUriToDigitalLink(uri: string): Result<string> {
  const trimmed = uri.trim();
  if (!isEpcUrn(trimmed))
    return fail(issue('EPC_SYNTAX', `"${trimmed}" is not an EPC URI`, 'an EPC URI such as urn:epc:id:sgtin:0614141.112345.400'));
  const identity = identifyKey(trimmed);
  return identity.ok ? ok(identity.value.digitalLink) : identity;
}

/** The EPC URI of a Digital Link; needs the company-prefix length (options.gcpLength). */
export function digitalLinkToEpcUri(uri: string, options: ParseOptions): Result<string> {
  const trimmed = uri.trim();
  if (isEpcUrn(trimmed))
    return fail(
      issue(
        'DL_SYNTAX',
        `"${trimmed}" is an EPC URI, not a Digital Link`,
        'a GS1 Digital Link such as https://id.gs1.org/01/80614141123458/21/400',
      ),
    );
  const parsed = parseIdentifier(trimmed, options);
  if (!parsed.ok) return parsed;
  if (parsed.value.epcUri !== undefined) return ok(parsed.value.epcUri);
  const gcp = resolveGcpLength(parsed.value, options);
  if (gcp === undefined) {
    return fail(
      issue(
        'EPC_GCP_UNKNOWN',
        `the GS1 company prefix length of ${parsed.value.digitalLink} is not known`,
        'the company prefix length (gcpLength), which a Digital Link does not carry',
      ),
    );
  }
  return fail(
    issue(
      'EPC_NO_EQUIVALENT',
      `${parsed.value.digitalLink} has no EPC URI form`,
      'a key with an EPC scheme (no CPV, no SRIN, no AI 415/8013/7040, GLN extension other than "0") and a company prefix that fits the key',
    ),
  );
}
