import {
  BIZ_STEPS,
  BIZ_TRANSACTION_TYPES,
  DISPOSITIONS,
  ERROR_REASONS,
  MEASUREMENT_TYPES,
  SOURCE_DEST_TYPES,
} from './cbv-terms.vocabulary.js';

/** The CBV 2.0 vocabularies an EPCIS event refers to (plus the GS1 measurement types of sensor reports). */
export type CbvVocabulary = 'bizStep' | 'disposition' | 'bizTransactionType' | 'sourceDestType' | 'errorReason' | 'sensorMeasurementType';

/** One vocabulary value, normalised: every accepted spelling of a standard term maps to the same object. */
export interface CbvTerm {
  /** True for a term of the standard vocabulary, false for a user-defined URI. */
  readonly standard: boolean;
  /** The standard bare word (`shipping`, `Temperature`); undefined for a user-defined term. */
  readonly bareWord: string | undefined;
  /** The GS1 web URI (`https://ref.gs1.org/cbv/BizStep-shipping`), or the user-defined URI as given. */
  readonly webUri: string;
  /** The EPC URN (`urn:epcglobal:cbv:bizstep:shipping`); undefined for measurement types and user-defined terms. */
  readonly urn: string | undefined;
}

interface VocabularySpec {
  readonly words: readonly string[];
  /** Prefix of the GS1 web URI and of its compact `cbv:`/`gs1:` form. */
  readonly webPrefix: string;
  readonly compactPrefix: string;
  readonly urnPrefix: string | undefined;
}

const CBV_WEB = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://gs1.org/voc/';

const SPECS: Readonly<Record<CbvVocabulary, VocabularySpec>> = {
  bizStep: { words: BIZ_STEPS, webPrefix: `${CBV_WEB}BizStep-`, compactPrefix: 'cbv:BizStep-', urnPrefix: 'urn:epcglobal:cbv:bizstep:' },
  disposition: { words: DISPOSITIONS, webPrefix: `${CBV_WEB}Disp-`, compactPrefix: 'cbv:Disp-', urnPrefix: 'urn:epcglobal:cbv:disp:' },
  bizTransactionType: {
    words: BIZ_TRANSACTION_TYPES,
    webPrefix: `${CBV_WEB}BTT-`,
    compactPrefix: 'cbv:BTT-',
    urnPrefix: 'urn:epcglobal:cbv:btt:',
  },
  sourceDestType: { words: SOURCE_DEST_TYPES, webPrefix: `${CBV_WEB}SDT-`, compactPrefix: 'cbv:SDT-', urnPrefix: 'urn:epcglobal:cbv:sdt:' },
  errorReason: { words: ERROR_REASONS, webPrefix: `${CBV_WEB}ER-`, compactPrefix: 'cbv:ER-', urnPrefix: 'urn:epcglobal:cbv:er:' },
  // Measurement types have no URN form (EPCIS 2.0 §7.3.8 uses the GS1 Web Vocabulary only).
  sensorMeasurementType: { words: MEASUREMENT_TYPES, webPrefix: `${GS1_VOC}MT-`, compactPrefix: 'gs1:MT-', urnPrefix: undefined },
};

/**
 * Namespaces that only GS1 may fill: a URI under one of them that is not a standard term is an error
 * (a misspelt standard term), not a user extension — as the EPCIS 2.0 JSON schema's vocabulary patterns say.
 */
const RESERVED_PREFIXES = ['urn:epcglobal:cbv:', CBV_WEB, 'http://ref.gs1.org/cbv/', GS1_VOC, 'http://gs1.org/voc/', 'cbv:', 'gs1:'];

/** Characters a URI may not hold (RFC 3986 §2): space, controls, and " < > \\ ^ ` { | }. */
function isForbiddenUriChar(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0x22 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5c ||
    c === 0x5e ||
    c === 0x60 ||
    c === 0x7b ||
    c === 0x7c ||
    c === 0x7d ||
    (c >= 0x80 && c <= 0x9f)
  );
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Every accepted spelling of every standard term, per vocabulary, mapped to one shared frozen term. */
const LOOKUP: ReadonlyMap<CbvVocabulary, ReadonlyMap<string, CbvTerm>> = new Map(
  (Object.keys(SPECS) as CbvVocabulary[]).map((vocab) => {
    const spec = SPECS[vocab];
    const forms = new Map<string, CbvTerm>();
    for (const word of spec.words) {
      const urn = spec.urnPrefix === undefined ? undefined : spec.urnPrefix + word;
      const term: CbvTerm = Object.freeze({ standard: true, bareWord: word, webUri: spec.webPrefix + word, urn });
      forms.set(word, term);
      forms.set(term.webUri, term);
      forms.set(spec.compactPrefix + word, term);
      if (urn !== undefined) forms.set(urn, term);
    }
    return [vocab, forms] as const;
  }),
);

/**
 * True when `value` is an RFC 3986 absolute URI (scheme ":" then at least one character), the form
 * CBV 2.0 requires of user-defined terms. A character loop, not a regular expression: every
 * identifier of every event passes through here.
 */
export function isAbsoluteUri(value: string): boolean {
  const length = value.length;
  if (length < 3 || !isAlpha(value.charCodeAt(0))) return false;
  let i = 1;
  for (; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3a) break;
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    if (!isAlpha(c) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return false;
  }
  if (i >= length - 1) return false;
  for (i++; i < length; i++) {
    if (isForbiddenUriChar(value.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * Normalises one vocabulary value given as a bare word, an EPC URN, a GS1 web URI or its compact
 * `cbv:`/`gs1:` form. Returns undefined when the value is neither a standard term nor a user-defined
 * absolute URI outside GS1's reserved namespaces (so an unknown bare word, a misspelt standard URI,
 * or a term of another vocabulary is rejected).
 */
export function normaliseCbv(vocab: CbvVocabulary, value: string): CbvTerm | undefined {
  const standard = LOOKUP.get(vocab)?.get(value);
  if (standard !== undefined) return standard;
  if (!isAbsoluteUri(value)) return undefined;
  for (const prefix of RESERVED_PREFIXES) {
    if (value.startsWith(prefix)) return undefined;
  }
  return { standard: false, bareWord: undefined, webUri: value, urn: undefined };
}

/** The standard bare words of one vocabulary, in the standard's order. */
export function cbvTerms(vocab: CbvVocabulary): readonly string[] {
  return SPECS[vocab].words;
}
