import { canonicalObjectId, epcUriToDigitalLink, identifyKey, normaliseCbv } from '@lotledger/domain';
import type { EpcisEventQuery } from '../ports/read-model-reader.port.js';
import type { EventObjectRole } from '../ports/read-model.types.js';

/** A WHERE clause over `events e` with its bind parameters, numbered from `firstParam`. */
export interface SqlFilter {
  readonly conditions: readonly string[];
  readonly params: readonly unknown[];
}

type MatchParameter =
  'MATCH_epc' | 'MATCH_parentID' | 'MATCH_inputEPC' | 'MATCH_outputEPC' | 'MATCH_anyEPC' | 'MATCH_epcClass' | 'MATCH_anyEPCClass';

// EPCIS 2.0 §8.2.7.1: which event fields each MATCH_ parameter looks in. The read model records
// quantityList and childQuantityList as `quantity_class`, input/outputQuantityList as input/output.
const MATCH_ROLES: Readonly<Record<MatchParameter, readonly EventObjectRole[]>> = {
  MATCH_epc: ['epc', 'child'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['input'],
  MATCH_outputEPC: ['output'],
  MATCH_anyEPC: ['epc', 'child', 'parent', 'input', 'output'],
  MATCH_epcClass: ['quantity_class'],
  MATCH_anyEPCClass: ['quantity_class', 'input', 'output'],
};

const CLASS_PARAMETERS: ReadonlySet<MatchParameter> = new Set(['MATCH_epcClass', 'MATCH_anyEPCClass']);

const EQ_COLUMNS: Readonly<
  Record<'eventType' | 'EQ_action' | 'EQ_bizStep' | 'EQ_disposition' | 'EQ_readPoint' | 'EQ_bizLocation', string>
> = {
  eventType: 'e.type',
  EQ_action: 'e.action',
  EQ_bizStep: 'e.biz_step',
  EQ_disposition: 'e.disposition',
  EQ_readPoint: 'e.read_point',
  EQ_bizLocation: 'e.biz_location',
};

const RANGES: Readonly<Record<'GE_eventTime' | 'LT_eventTime' | 'GE_recordTime' | 'LT_recordTime', string>> = {
  GE_eventTime: 'e.event_time >=',
  LT_eventTime: 'e.event_time <',
  GE_recordTime: 'e.record_time >=',
  LT_recordTime: 'e.record_time <',
};

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const IDPAT = /^urn:epc:idpat:/i;
const GTIN_KEY = /\/01\/\d{14}$/;
// GRAI, GDTI and SGCN carry their serial in the same element, after fixed-length key digits.
const SERIAL_IN_KEY = /\/(8003|253|255)\/[^/]+$/;

/** True for an EPC Tag Data Standard ID pattern (`urn:epc:idpat:…`). */
export function isEpcPattern(value: string): boolean {
  return IDPAT.test(value.trim());
}

/**
 * The canonical Digital Link of the one key an ID pattern names (`urn:epc:idpat:sgtin:9520123.000001.*`
 * → `https://id.gs1.org/01/09520123000011`), or undefined when the pattern has no such key: wildcards
 * in the company prefix or item reference (the GTIN's indicator digit comes first, so they are no
 * prefix of a Digital Link), or a scheme the domain does not convert.
 */
export function epcPatternKey(value: string): string | undefined {
  const link = epcUriToDigitalLink(value.trim());
  return link.ok ? link.value : undefined;
}

/**
 * LIKE patterns over canonical object ids (GS1 Digital Links) for an EPC ID pattern. Instance roles
 * match the serialised ids of the key: `/01/<gtin>/21/…` (and UPUI `/235/`) for a GTIN — not its LGTIN
 * classes, which share the input/output roles; for GRAI, GDTI and SGCN every id that extends the
 * fixed-length key digits; for the others (CPI, ITIP) the ids below the key's path. Class roles match the
 * GTIN itself and its LGTIN classes (`/01/<gtin>/10/…`), never serialised instances.
 * An untranslatable pattern yields none: it matches nothing (the gateway refuses it with a 400).
 */
export function patternPrefixes(value: string, forClasses: boolean): string[] {
  if (!isEpcPattern(value)) return [];
  const key = epcPatternKey(value);
  if (key === undefined) return [];
  const escaped = likeEscape(key);
  if (forClasses) return [escaped, `${escaped}/10/%`];
  if (GTIN_KEY.test(key)) return [`${escaped}/21/%`, `${escaped}/235/%`];
  return SERIAL_IN_KEY.test(key) ? [`${escaped}%`] : [`${escaped}/%`];
}

/**
 * A class query names GTINs or LGTIN classes (or non-GS1 class URIs); a serialised GS1 key there would
 * otherwise match the instance lists that share the input/output roles, so it matches nothing.
 */
function isClassCandidate(value: string): boolean {
  const key = identifyKey(value);
  return !key.ok || key.value.kind === 'gtin' || key.value.kind === 'lgtin';
}

/** Every spelling a stored persistentDisposition may use for a term: bare word, web URI, EPC URN. */
function dispositionSpellings(value: string): string[] {
  const term = normaliseCbv('disposition', value);
  if (term === undefined) return [value];
  return [term.bareWord, term.webUri, term.urn].filter((s): s is string => s !== undefined);
}

/** Builds the parameterised conditions for an EPCIS query; values never enter the SQL text. */
export function buildEventFilter(query: EpcisEventQuery, firstParam: number): SqlFilter {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  for (const [key, column] of Object.entries(EQ_COLUMNS) as [keyof typeof EQ_COLUMNS, string][]) {
    const values = query[key];
    if (values !== undefined) conditions.push(`${column} = ANY(${bind(values)}::text[])`);
  }
  if (query.EQ_eventID !== undefined) {
    // An event captured without an eventID is shown with its hash ID as eventID, so either names it.
    conditions.push(`(e.event_id = ANY(${bind(query.EQ_eventID)}::text[]) OR e.hash_id = ANY(${bind(query.EQ_eventID)}::text[]))`);
  }
  for (const [key, comparison] of Object.entries(RANGES) as [keyof typeof RANGES, string][]) {
    const value = query[key];
    if (value !== undefined) conditions.push(`${comparison} ${bind(value)}::timestamptz`);
  }
  if (query.EQ_persistentDisposition_set !== undefined) {
    const spellings = [...new Set(query.EQ_persistentDisposition_set.flatMap(dispositionSpellings))];
    // jsonb `?|`: any of the strings is an element of the stored persistentDisposition.set array.
    conditions.push(`(e.event -> 'persistentDisposition' -> 'set') ?| ${bind(spellings)}::text[]`);
  }
  for (const [key, roles] of Object.entries(MATCH_ROLES) as [MatchParameter, readonly EventObjectRole[]][]) {
    const values = query[key];
    if (values === undefined) continue;
    const forClasses = CLASS_PARAMETERS.has(key);
    const exact = values.filter((v) => !isEpcPattern(v) && (!forClasses || isClassCandidate(v))).map(canonicalObjectId);
    const prefixes = values.flatMap((v) => patternPrefixes(v, forClasses));
    const alternatives: string[] = [];
    if (exact.length > 0) alternatives.push(`o.object_id = ANY(${bind(exact)}::text[])`);
    if (prefixes.length > 0) alternatives.push(`o.object_id LIKE ANY(${bind(prefixes)}::text[])`);
    conditions.push(
      alternatives.length === 0
        ? 'false'
        : `EXISTS (SELECT 1 FROM event_objects o WHERE o.hash_id = e.hash_id AND o.role = ANY(${bind(roles)}::text[]) AND (${alternatives.join(' OR ')}))`,
    );
  }
  return { conditions, params };
}
