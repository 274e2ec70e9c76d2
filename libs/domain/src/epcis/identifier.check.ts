import { isAbsoluteUri } from '../cbv/index.js';
import { identifyKey, type IdentifierKind } from '../gs1/index.js';

/** What an identifier stands for where it appears in an event. */
export type IdentifierRole = 'instance' | 'class' | 'location' | 'party' | 'any';

export type IdentifierCheck =
  | { readonly ok: true; readonly canonical: string }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly expected: string };

/** GS1 key kinds that fit each role; a GS1 key of another kind is a mistake (e.g. an LGTIN in epcList). */
const KINDS: Readonly<Record<IdentifierRole, ReadonlySet<IdentifierKind> | undefined>> = {
  // Instance-level keys. GRAI/GDTI/CPI/ITIP appear here with their serial component.
  instance: new Set<IdentifierKind>([
    'sgtin',
    'sscc',
    'sgln',
    'grai',
    'giai',
    'gsrn',
    'gsrnp',
    'gdti',
    'cpi',
    'sgcn',
    'ginc',
    'gsin',
    'itip',
    'upui',
  ]),
  // Class-level keys for quantity elements: a GTIN (optionally with lot) and the classes of GRAI/GDTI/CPI/ITIP/GMN.
  class: new Set<IdentifierKind>(['lgtin', 'gtin', 'grai', 'gdti', 'cpi', 'itip', 'gmn']),
  location: new Set<IdentifierKind>(['sgln']),
  party: new Set<IdentifierKind>(['pgln', 'sgln', 'gln-invoicing']),
  any: undefined,
};

const ROLE_WORDS: Readonly<Record<IdentifierRole, string>> = {
  instance: 'an instance-level identifier (e.g. SGTIN, SSCC, GIAI)',
  class: 'a class-level identifier (e.g. LGTIN or GTIN: urn:epc:class:lgtin:…, https://id.gs1.org/01/…/10/…)',
  location: 'a location (SGLN: urn:epc:id:sgln:…, https://id.gs1.org/414/…)',
  party: 'a party or location (PGLN / SGLN: urn:epc:id:pgln:…, https://id.gs1.org/417/…)',
  any: 'an identifier',
};

/** Failures that mean "this http(s) URI is simply not a Digital Link", so it is a private URI, not a broken GS1 key. */
const NOT_A_DIGITAL_LINK = new Set(['IDENTIFIER_UNRECOGNISED', 'DL_SYNTAX', 'DL_NO_PRIMARY_KEY', 'DL_UNKNOWN_AI', 'DL_AI_NOT_IN_PATH']);

const GS1_RESOLVER = /^https?:\/\/id\.gs1\.org\//i;

/**
 * Checks one identifier of an event with the GS1 parser (`identifyKey`, i.e. H1's `parseIdentifier`): EPC URNs and GS1
 * Digital Links must be valid (check digits, lengths, qualifier order…) and of a kind that fits the
 * role; any other absolute URI (e.g. urn:uuid:…, a private https URI, a VIN URI) is accepted as a
 * non-GS1 identifier, as EPCIS 2.0 allows. `canonical` is the canonical Digital Link for GS1 keys,
 * the URI itself otherwise.
 */
function isPrintableAscii(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

export function checkIdentifier(value: string, role: IdentifierRole): IdentifierCheck {
  const isEpc = value.startsWith('urn:epc:');
  // EPC URNs are printable ASCII and the GS1 parser applies their strict grammar, except that it
  // trims whitespace first: so for them only the last character needs checking here (hot path).
  if (isEpc ? !isPrintableAscii(value.charCodeAt(value.length - 1)) : !isAbsoluteUri(value)) {
    return {
      ok: false,
      code: 'URI',
      message: 'not an absolute URI',
      expected: 'an EPC URN, a GS1 Digital Link URI or another absolute URI',
    };
  }
  const isHttp = value.startsWith('https://') || value.startsWith('http://');
  if (!isEpc && !isHttp) return { ok: true, canonical: value };
  const parsed = identifyKey(value);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    if (!isEpc && !GS1_RESOLVER.test(value) && parsed.issues.every((i) => NOT_A_DIGITAL_LINK.has(i.code)))
      return { ok: true, canonical: value };
    return {
      ok: false,
      code: first?.code ?? 'IDENTIFIER',
      message: parsed.issues.map((i) => i.message).join('; '),
      expected: first?.expected ?? 'a valid EPC URN or GS1 Digital Link',
    };
  }
  const kinds = KINDS[role];
  if (kinds !== undefined && !kinds.has(parsed.value.kind)) {
    return {
      ok: false,
      code: 'IDENTIFIER_ROLE',
      message: `a ${parsed.value.kind.toUpperCase()} does not belong here`,
      expected: ROLE_WORDS[role],
    };
  }
  return { ok: true, canonical: parsed.value.digitalLink };
}
