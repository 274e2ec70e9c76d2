import { cbvTerms, normaliseCbv } from '../cbv/index.js';
import type { CbvVocabulary } from '../cbv/index.js';

/**
 * CBV 2.0 §8.9 step 16 (bare words → GS1 web URIs) exactly as the reference implementation does it
 * (RalphTro/epcis-event-hash-generator `json_to_py._bare_string_pre_preocessing`, commit 5d2f1c38).
 *
 * The reference JSON-LD-expands the document against the EPCIS 2.0.0 context, collects every expanded
 * string under `https://ref.gs1.org/cbv` or `https://gs1.org/voc`, and then replaces EVERY string value
 * `v` of the document for which exactly one collected URI ends with `-v` or `/v`. So a user-extension
 * value that equals a CBV word used elsewhere in the scope is expanded too; this reproduces that, with
 * the expansion of the context's vocabulary-typed members written out instead of running a JSON-LD
 * processor (which would need the context document and I/O).
 */

const CBV = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://gs1.org/voc/';

/** Prefixes the EPCIS 2.0.0 context defines (the ones whose expansions can reach the collected set). */
const CONTEXT_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['cbv', CBV],
  ['gs1', GS1_VOC],
  ['epcis', 'https://ref.gs1.org/epcis/'],
  ['cbvmda', 'urn:epcglobal:cbv:mda:'],
]);

/** Where a vocabulary-typed ("@type": "@vocab") member sits, and how its bare words expand. */
type TermMap = (word: string) => string | undefined;

/** The EPCIS 2.0.0 context maps each standard word to cbv:<Vocab>-<word>; H2's vocabulary has the words. */
function cbvTermMap(vocab: CbvVocabulary): TermMap {
  // The same few words recur in every event: remember the answers (a word list, so bounded).
  const known = new Map<string, string | null>();
  return (word) => {
    const hit = known.get(word);
    if (hit !== undefined) return hit ?? undefined;
    const term = normaliseCbv(vocab, word);
    const uri = term?.standard === true && term.bareWord === word ? term.webUri : undefined;
    if (known.size < 512) known.set(word, uri ?? null);
    return uri;
  };
}

/**
 * Measurement types: the EPCIS 2.0.0 context maps `Temperature` to `gs1:Temperature`, while H2's
 * normaliser (following the newer GS1 Web Vocabulary) gives `gs1:MT-Temperature`. The hash needs the
 * context's form, so only H2's word list is used here.
 */
const MEASUREMENT_TYPES: ReadonlySet<string> = new Set(cbvTerms('sensorMeasurementType'));
const measurementTypes: TermMap = (word) => (MEASUREMENT_TYPES.has(word) ? GS1_VOC + word : undefined);

/** Sensor exceptions and components: in the EPCIS 2.0.0 context, not in the CBV vocabulary module. */
const SENSOR_EXCEPTIONS: ReadonlySet<string> = new Set(['ALARM_CONDITION', 'ERROR_CONDITION']);
const sensorExceptions: TermMap = (word) => (SENSOR_EXCEPTIONS.has(word) ? GS1_VOC + word : undefined);
const SENSOR_COMPONENTS: ReadonlySet<string> = new Set([
  'x',
  'y',
  'z',
  'axial_distance',
  'azimuth',
  'height',
  'spherical_radius',
  'polar_angle',
  'elevation_angle',
  'easting',
  'northing',
  'latitude',
  'longitude',
  'altitude',
]);
const sensorComponents: TermMap = (word) => (SENSOR_COMPONENTS.has(word) ? `${CBV}Comp-${word}` : undefined);

const noTerms: TermMap = () => undefined;
const bizSteps = cbvTermMap('bizStep');
const dispositions = cbvTermMap('disposition');
const bizTransactionTypes = cbvTermMap('bizTransactionType');
const sourceDestTypes = cbvTermMap('sourceDestType');
const errorReasons = cbvTermMap('errorReason');

/** Collects, per scope, the set the reference builds and answers the replacement of each string. */
export class BareWordExpansion {
  readonly #collected: readonly string[];

  private constructor(collected: ReadonlySet<string>) {
    this.#collected = [...collected];
  }

  /** Scans `scope` (an event, or a whole document) with the document's extra `@context` prefixes. */
  static of(scope: unknown, documentPrefixes: ReadonlyMap<string, string>): BareWordExpansion {
    const collected = new Set<string>();
    collect(scope, '', '', collected, documentPrefixes);
    return new BareWordExpansion(collected);
  }

  /** The one collected URI ending in `-value` or `/value`; the value itself when none or several do. */
  expand(value: string): string {
    let match: string | undefined;
    const last = value.length > 0 ? value.charCodeAt(value.length - 1) : -1;
    for (const uri of this.#collected) {
      const at = uri.length - value.length - 1;
      // The last character first: it rules out almost every URI without a substring comparison.
      if (at < 0 || (last >= 0 && uri.charCodeAt(uri.length - 1) !== last) || !uri.endsWith(value)) continue;
      const c = uri.charCodeAt(at);
      if (c !== 0x2d && c !== 0x2f) continue; // '-' or '/'
      if (match !== undefined) return value; // two different URIs: the reference leaves the word alone
      match = uri;
    }
    return match ?? value;
  }
}

function isCollected(uri: string): boolean {
  return uri.startsWith('https://ref.gs1.org/cbv') || uri.startsWith('https://gs1.org/voc');
}

function expandVocab(value: string, terms: TermMap, documentPrefixes: ReadonlyMap<string, string>): string {
  const term = terms(value);
  if (term !== undefined) return term;
  const colon = value.indexOf(':');
  if (colon > 0 && !value.startsWith('//', colon + 1)) {
    // The document's own declarations win over the EPCIS context's, as a later context entry does.
    const prefix = value.slice(0, colon);
    const base = documentPrefixes.get(prefix) ?? CONTEXT_PREFIXES.get(prefix);
    if (base !== undefined) return base + value.slice(colon + 1);
  }
  return value;
}

/** The term map of a member, from its key and its parents' keys (the context's scoped definitions). */
function termsFor(key: string, parentKey: string, grandKey: string): TermMap | undefined {
  switch (key) {
    case 'bizStep':
      return bizSteps;
    case 'disposition':
      return dispositions;
    case 'set':
    case 'unset':
      return parentKey === 'persistentDisposition' ? dispositions : undefined;
    case 'reason':
      return parentKey === 'errorDeclaration' ? errorReasons : undefined;
    case 'exception':
      return parentKey === 'sensorReport' ? sensorExceptions : undefined;
    case 'component':
      return parentKey === 'sensorReport' ? sensorComponents : undefined;
    case 'type':
      if (parentKey === 'bizTransactionList') return bizTransactionTypes;
      if (parentKey === 'sourceList' || parentKey === 'destinationList') return sourceDestTypes;
      if (parentKey === 'sensorReport' && grandKey === 'sensorElementList') return measurementTypes;
      return noTerms; // every other `type` is `@type`: CURIEs still expand
    default:
      return undefined;
  }
}

function collect(
  value: unknown,
  key: string,
  parentKey: string,
  out: Set<string>,
  documentPrefixes: ReadonlyMap<string, string>,
  terms?: TermMap,
): void {
  if (typeof value === 'string') {
    if (isCollected(value)) out.add(value);
    if (terms !== undefined) {
      const expanded = expandVocab(value, terms, documentPrefixes);
      if (isCollected(expanded)) out.add(expanded);
    }
    return;
  }
  if (Array.isArray(value)) {
    // An array member keeps its key: `sensorReport: [...]` elements are sensor reports.
    for (const item of value as unknown[]) collect(item, key, parentKey, out, documentPrefixes, terms);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Readonly<Record<string, unknown>>;
    // Object.keys: own enumerable members, as `for…in` + hasOwn, but much faster in V8.
    for (const childKey of Object.keys(record)) {
      if (childKey === '@context') continue;
      collect(record[childKey], childKey, key, out, documentPrefixes, termsFor(childKey, key, parentKey));
    }
  }
}
