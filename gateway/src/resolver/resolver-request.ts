import { DIGITAL_LINK_KEYS, formatDigitalLink, parseDigitalLink, type DigitalLinkParts, type ValidationIssue } from '@lotledger/domain';

export interface ResolverRequest {
  readonly parts: DigitalLinkParts;
  /** Canonical id on https://id.gs1.org (key and qualifiers): the read model's key. */
  readonly id: string;
  /** The same on this resolver (what QR codes and linkset anchors name), with data attributes. */
  readonly hostLink: string;
  /** Path of the key and qualifiers (`/01/…/21/…`), canonical form. */
  readonly path: string;
  readonly search: URLSearchParams;
}

export type ResolverParse =
  | { readonly ok: true; readonly value: ResolverRequest }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[]; readonly explanations: readonly string[] };

/** Every AI a Digital Link path may start with: the routes the resolver answers. */
export const PRIMARY_KEY_AIS: readonly string[] = [...DIGITAL_LINK_KEYS.keys()];

const KEY_NAMES: Readonly<Record<string, string>> = {
  '01': 'product number (GTIN)',
  '00': 'shipping code (SSCC)',
  '414': 'location number (GLN)',
  '417': 'party number (GLN)',
  '8003': 'returnable asset (GRAI)',
  '8004': 'asset (GIAI)',
  '10': 'lot number',
  '21': 'serial number',
  '17': 'expiry date',
};

/** One sentence a person understands for a validation issue of the Digital Link parser. */
export function explainIssue(issue: ValidationIssue): string {
  switch (issue.code) {
    case 'GS1_CHECK_DIGIT': {
      const should = /check digit (\d)/.exec(issue.expected)?.[1];
      return `${issue.message.replace(/ has a wrong check digit$/, '')}: the last digit is a check digit and it does not match the other digits${should === undefined ? '' : ` (it should be ${should})`}. The number was probably mistyped or misprinted.`;
    }
    case 'GS1_LENGTH':
      return `${issue.message}, but ${issue.expected.replace(/^a /, 'a valid one is a ')}.`;
    case 'GS1_CHARSET':
      return `${issue.message}; expected ${issue.expected}.`;
    case 'DL_SYNTAX':
    case 'DL_NOT_A_PRIMARY_KEY':
      return `The address does not start with a GS1 key such as /01/ followed by a product number (${issue.expected}).`;
    default:
      return `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1)} (expected ${issue.expected}).`;
  }
}

/** Parses a resolver request path and query (`/01/09520123456788/21/ABC?17=280229&linkType=gs1:pip`). */
export function parseResolverRequest(url: string, publicBaseUrl: string): ResolverParse {
  const q = url.indexOf('?');
  const pathPart = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  // A trailing slash is tolerated (GS1-Conformant Resolver: SHOULD).
  const path = pathPart.length > 1 && pathPart.endsWith('/') ? pathPart.slice(0, -1) : pathPart;
  const parsed = parseDigitalLink(`https://id.gs1.org${path}${query === '' ? '' : `?${query}`}`);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, explanations: parsed.issues.map(explainIssue) };
  const parts = parsed.value;
  const id = formatDigitalLink({ ...parts, attributes: [] });
  return {
    ok: true,
    value: {
      parts,
      id,
      hostLink: formatDigitalLink(parts, publicBaseUrl),
      path: id.slice('https://id.gs1.org'.length),
      search: new URLSearchParams(query),
    },
  };
}

export function keyName(ai: string): string {
  return KEY_NAMES[ai] ?? `GS1 key (${ai})`;
}
