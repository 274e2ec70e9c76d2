import { epcUriToDigitalLink } from '../gs1/index.js';

/**
 * CBV 2.0 §8.9 steps 17–18: every EPC URI (pure identity, class, pattern) and every GS1 Digital Link
 * in an event becomes a *constrained* canonical Digital Link — on id.gs1.org, no query string, only
 * the most fine-grained key level (`/01/…/21/…` drops `/10/`, `/22/` is dropped).
 *
 * EPC URN → Digital Link conversion itself is the GS1 module's (`epcUriToDigitalLink`). What is added
 * here is what the reference implementation (`dl_normaliser.py`, commit 5d2f1c38) does beyond a plain
 * conversion, so that pre-hash strings match it byte for byte:
 *  - it percent-encodes only `! ( ) * + , :` of the URN's own text and keeps the URN's escapes, where
 *    a Digital Link 1.2 encoder also escapes `' ; = …` (see `referenceEncoding`);
 *  - it accepts a Digital Link only in the shapes and character set listed in `CONSTRAINED_FORMS`;
 *    anything else (e.g. a percent-encoded serial) is left as written.
 */
export function constrainedDigitalLink(value: string): string | undefined {
  if (value.indexOf('.') < 0) return undefined;
  if (value.startsWith('urn:epc:id:') || value.startsWith('urn:epc:class:') || value.startsWith('urn:epc:idpat:')) {
    return epcToConstrainedLink(value);
  }
  if (value.startsWith('http:') || value.startsWith('https:')) return constrainLink(value);
  return undefined;
}

// ---- EPC URNs ----

function epcToConstrainedLink(urn: string): string | undefined {
  const link = epcUriToDigitalLink(urn);
  if (!link.ok) return undefined;
  const url = link.value;
  if (!/[%!()*+,]/.test(url)) return url;
  // Re-encode each path segment as the reference writes it: URN escapes kept, only !()*+,: added.
  const path = url.slice(GS1_HOST.length).split('/');
  return GS1_HOST + path.map((segment, i) => (i > 0 && i % 2 === 0 ? referenceEncoding(segment) : segment)).join('/');
}

const GS1_HOST = 'https://id.gs1.org';

// EPC TDS §6.3 escapes these in URN components; the reference keeps them escaped.
const URN_ESCAPED = new Set(['"', '%', '&', '/', '<', '>', '?', '#']);
// …and percent-encodes only these on top (dl_normaliser.__web_uri_percent_encoder).
const REFERENCE_ESCAPED = new Set(['!', '(', ')', '*', '+', ',', ':']);

function referenceEncoding(segment: string): string {
  if (segment.indexOf('%') < 0 && !/[!()*+,:]/.test(segment)) return segment;
  const decoded = percentDecode(segment);
  if (decoded === undefined) return segment;
  let out = '';
  for (const ch of decoded) {
    if (URN_ESCAPED.has(ch) || REFERENCE_ESCAPED.has(ch)) out += `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

function percentDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

// ---- Digital Link URIs (a port of the reference's regular expressions, so the accepted set is the same) ----

const ANY_LINK =
  /^https?:(\/\/((([^/?#]*)@)?([^/?#:]*)(:([^/?#]*))?))?((([^?#]*)(\/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/)(\d{4}[^/]+)(\/[^/]+\/[^/]+)?\/?(\?([^?\n]*))?(#([^\n]*))?)|(\/[A-Za-z_-]{10}$))/;

const SHORT_NAMES: readonly (readonly [string, string])[] = [
  ['/gtin/', '/01/'],
  ['/itip/', '/8006/'],
  ['/cpid/', '/8010/'],
  ['/gln/', '/414/'],
  ['/party/', '/417/'],
  ['/gsrnp/', '/8017/'],
  ['/gsrn/', '/8018/'],
  ['/gcn/', '/255/'],
  ['/sscc/', '/00/'],
  ['/gdti/', '/253/'],
  ['/ginc/', '/401/'],
  ['/gsin/', '/402/'],
  ['/grai/', '/8003/'],
  ['/giai/', '/8004/'],
  ['/cpv/', '/22/'],
  ['/lot/', '/10/'],
  ['/ser/', '/21/'],
];

const ON_GS1_HOST =
  /^https:\/\/id.gs1.org\/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)\/(\d{4}[^/]+)(\/[^/]+\/[^/]+)?\/?(\?([^?\n]*))?(#([^\n]*))?|^(\/[A-Za-z_-]{10}$)/;
const PRIMARY_KEYS = [
  '/00/',
  '/01/',
  '/253/',
  '/255/',
  '/401/',
  '/402/',
  '/414/',
  '/417/',
  '/8003/',
  '/8004/',
  '/8006/',
  '/8010/',
  '/8017/',
  '/8018/',
];

// GS1 AI character set 82, as far as the reference admits it (no '%', so no percent-encoded values).
const C = `["'\\-.0-9;-?A-Z_a-z]`;
const C_SLASH = `[/"'\\-.0-9;-?A-Z_a-z]`;
const re = (source: string): RegExp => new RegExp(`^${source}$`);

const CPV_ONLY = [re(`https://id.gs1.org/8006/\\d{18}/22/${C}{0,20}`), re(`https://id.gs1.org/01/\\d{14}/22/${C}{0,20}`)];
const CPV_THEN_MORE = [re(`https://id.gs1.org/8006/\\d{18}/22/${C_SLASH}{0,20}`), re(`https://id.gs1.org/01/\\d{14}/22/${C_SLASH}{0,20}`)];
const LOT_AND_SERIAL = [
  re(`https://id.gs1.org/8006/\\d{18}/10/${C}{0,20}/21/${C}{0,20}`),
  re(`https://id.gs1.org/01/(\\d{14})/10/${C}{0,20}/21/${C}{0,20}`),
];
const CONSTRAINED_FORMS = [
  re('https://id.gs1.org/00/(\\d{18})'),
  re(`https://id.gs1.org/01/(\\d{14})/21/${C}{0,20}`),
  re(`https://id.gs1.org/01/(\\d{14})/10/${C}{0,20}`),
  re('https://id.gs1.org/01/(\\d{14})'),
  re(`https://id.gs1.org/01/(\\d{14})/235/${C}{0,28}`),
  re(`https://id.gs1.org/253/(\\d{13})${C}{0,17}`),
  re('https://id.gs1.org/255/(\\d{13})(\\d{0,12})'),
  re(`https://id.gs1.org/401/${C}{0,30}`),
  re('https://id.gs1.org/402/(\\d{17})'),
  re('https://id.gs1.org/414/(\\d{13})'),
  re(`https://id.gs1.org/414/(\\d{13})/254/${C}{0,20}`),
  re('https://id.gs1.org/417/(\\d{13})'),
  re(`https://id.gs1.org/8003/(\\d{14})${C}{0,16}`),
  re(`https://id.gs1.org/8004/${C}{0,30}`),
  re(`https://id.gs1.org/8006/(\\d{18})/21/${C}{0,20}`),
  re(`https://id.gs1.org/8006/(\\d{18})/10/${C}{0,20}`),
  re('https://id.gs1.org/8006/(\\d{18})'),
  re('https://id.gs1.org/8010/[#\\-/0-9A-Z]{0,30}/8011/(\\d{0,12})'),
  re('https://id.gs1.org/8010/[#\\-/0-9A-Z]{0,30}'),
  re('https://id.gs1.org/8017/(\\d{18})'),
  re('https://id.gs1.org/8018/(\\d{18})'),
];

// A primary key segment followed by four digits: without one no Digital Link form can result, so
// the costly ANY_LINK test (and everything after it) is skipped for e.g. CBV web URIs.
const KEY_SEGMENT =
  /\/(?:01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/\d{4}/;

function constrainLink(input: string): string | undefined {
  if (!KEY_SEGMENT.test(input) || !ANY_LINK.test(input)) return undefined;
  let uri = input;
  const query = uri.indexOf('?');
  if (query >= 0) uri = uri.slice(0, query);
  for (const [name, ai] of SHORT_NAMES) uri = uri.split(name).join(ai);

  if (!ON_GS1_HOST.test(uri)) {
    for (const key of PRIMARY_KEYS) {
      const at = uri.indexOf(key);
      if (at >= 0) {
        uri = GS1_HOST + uri.slice(at);
        break;
      }
    }
  }

  // GTIN-13/-12/-8 are padded to 14 digits (the reference rewrites every '/01/', as Python's replace does).
  if (!/^https:\/\/id.gs1.org\/01\/\d{14}/.test(uri)) {
    if (/^https:\/\/id.gs1.org\/01\/\d{13}/.test(uri)) uri = uri.split('/01/').join('/01/0');
    else if (/^https:\/\/id.gs1.org\/01\/\d{12}/.test(uri)) uri = uri.split('/01/').join('/01/00');
    else if (/^https:\/\/id.gs1.org\/01\/\d{8}/.test(uri)) uri = uri.split('/01/').join('/01/000000');
  }

  // The consumer product variant (22) is not part of the identity.
  const cpvAt = uri.indexOf('/22/');
  const afterCpv = uri.slice(cpvAt + 4);
  if (CPV_ONLY.some((r) => r.test(uri))) {
    uri = uri.slice(0, cpvAt) + pySlice(afterCpv, afterCpv.indexOf('/'), -1);
  }
  if (CPV_THEN_MORE.some((r) => r.test(uri))) {
    uri = uri.slice(0, uri.indexOf('/22/')) + pySliceFrom(afterCpv, afterCpv.indexOf('/'));
  }

  // Only the finest level: a serial makes the lot redundant.
  if (LOT_AND_SERIAL.some((r) => r.test(uri))) {
    const lotAt = uri.indexOf('/10/');
    const afterLot = uri.slice(lotAt + 4);
    uri = uri.slice(0, lotAt) + pySliceFrom(afterLot, afterLot.indexOf('/'));
  }

  return CONSTRAINED_FORMS.some((r) => r.test(uri)) ? uri : undefined;
}

/** Python's s[start:end] with negative indices (the reference slices with find() results, which may be -1). */
function pySlice(s: string, start: number, end: number): string {
  const norm = (i: number): number => (i < 0 ? Math.max(0, s.length + i) : Math.min(i, s.length));
  const a = norm(start);
  const b = norm(end);
  return a < b ? s.slice(a, b) : '';
}

function pySliceFrom(s: string, start: number): string {
  return pySlice(s, start, s.length);
}
