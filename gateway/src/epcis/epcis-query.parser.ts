import {
  canonicalObjectId,
  EPCIS_EVENT_TYPES,
  epcUriToDigitalLink,
  isAbsoluteUri,
  normaliseCbv,
  parseDateTime,
  type CbvVocabulary,
} from '@lotledger/domain';
import type { EpcisEventQuery } from '@lotledger/store';

/** One problem with one query parameter: which, what was wrong, what was expected. */
export interface QueryParameterIssue {
  readonly parameter: string;
  readonly message: string;
  readonly expected: string;
}

export interface ParsedEventQuery {
  readonly query: EpcisEventQuery;
  readonly perPage: number;
  readonly nextPageToken: string | undefined;
}

export type EventQueryParse =
  | { readonly ok: true; readonly value: ParsedEventQuery }
  | { readonly ok: false; readonly status: 400 | 501; readonly issues: readonly QueryParameterIssue[] };

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

type ListParameter = Exclude<keyof EpcisEventQuery, 'GE_eventTime' | 'LT_eventTime' | 'GE_recordTime' | 'LT_recordTime'>;
type TimeParameter = 'GE_eventTime' | 'LT_eventTime' | 'GE_recordTime' | 'LT_recordTime';

const TIME_PARAMETERS: readonly TimeParameter[] = ['GE_eventTime', 'LT_eventTime', 'GE_recordTime', 'LT_recordTime'];
const ID_PARAMETERS = [
  'EQ_readPoint',
  'EQ_bizLocation',
  'MATCH_epc',
  'MATCH_parentID',
  'MATCH_inputEPC',
  'MATCH_outputEPC',
  'MATCH_anyEPC',
  'MATCH_epcClass',
  'MATCH_anyEPCClass',
] as const;
const VOCABULARY_PARAMETERS: Readonly<Record<'EQ_bizStep' | 'EQ_disposition' | 'EQ_persistentDisposition_set', CbvVocabulary>> = {
  EQ_bizStep: 'bizStep',
  EQ_disposition: 'disposition',
  EQ_persistentDisposition_set: 'disposition',
};
const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'];

/** Every parameter this endpoint answers (the EPCIS 2.0 SimpleEventQuery subset the read model indexes). */
export const SUPPORTED_PARAMETERS: readonly string[] = [
  'eventType',
  ...TIME_PARAMETERS,
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_persistentDisposition_set',
  ...ID_PARAMETERS,
  'EQ_eventID',
  'perPage',
  'nextPageToken',
];

/**
 * EPCIS 2.0 query parameters this repository does not answer yet: a 501 names them rather than
 * silently ignoring a filter (which would return events the caller excluded).
 */
const UNSUPPORTED_STANDARD = new RegExp(
  [
    '^(EQ_persistentDisposition_unset|EQ_transformationID|EQ_(source|destination|bizTransaction)_.+|EQ_errorReason|EQ_correctiveEventID',
    '|EXISTS_errorDeclaration|(GE|LT)_errorDeclarationTime|WD_(readPoint|bizLocation)|(EQ|GT|GE|LT|LE)_quantity|orderBy|orderDirection|eventCountLimit|maxEventCount',
    // Sensor report fields (EPCIS 2.0 §8.2.7.1).
    '|(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percRank|percValue|time|startTime|endTime)',
    '|EQ_(type|deviceID|deviceMetadata|rawData|dataProcessingMethod|microorganism|chemicalSubstance|bizRules|stringValue|booleanValue|hexBinaryValue|uriValue|uom|component|coordinateReferenceSystem|exception)',
    // Extension fields are namespaced (EQ_example:colour, EQ_INNER_ILMD_example:grade, EXISTS_…, HASATTR_…, EQATTR_…).
    '|(EQ|GT|GE|LT|LE|EXISTS|HASATTR|EQATTR)_(INNER_)?((ILMD|SENSORELEMENT|SENSORMETADATA|SENSORREPORT|ERRORDECLARATION|READPOINT|BIZLOCATION)_)?[^_]+[:#].+)$',
  ].join(''),
);

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function split(values: readonly string[]): string[] {
  // EPCIS 2.0 REST: several values of one parameter are separated by "|" (not a GS1 key character);
  // repeating the parameter works too.
  return values.flatMap((v) => v.split('|')).map((v) => v.trim());
}

/** Parses the query string of `GET /epcis/events` into a store query; every problem is reported at once. */
export function parseEventQuery(search: URLSearchParams): EventQueryParse {
  const issues: QueryParameterIssue[] = [];
  const unsupported: QueryParameterIssue[] = [];
  const grouped = new Map<string, string[]>();
  for (const [name, value] of search) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  const query: { -readonly [K in keyof EpcisEventQuery]: EpcisEventQuery[K] } = {};
  let perPage = DEFAULT_PER_PAGE;
  let nextPageToken: string | undefined;
  const single = (name: string, values: readonly string[]): string | undefined => {
    if (values.length === 1) return values[0];
    issues.push({ parameter: name, message: `${name} is given ${String(values.length)} times`, expected: `${name} once` });
    return undefined;
  };
  for (const [name, rawValues] of grouped) {
    // No EPCIS value holds a control character, and PostgreSQL cannot even compare text with a NUL
    // in it: refuse them here, naming the parameter, rather than fail deep in a query.
    if (CONTROL_CHARACTER.test(name) || rawValues.some((v) => CONTROL_CHARACTER.test(v))) {
      issues.push({
        parameter: name,
        message: `${name} contains a control character (U+0000–U+001F or U+007F)`,
        expected: 'printable text',
      });
      continue;
    }
    if (!SUPPORTED_PARAMETERS.includes(name)) {
      const near = SUPPORTED_PARAMETERS.find((p) => p.toLowerCase() === name.toLowerCase());
      if (near !== undefined)
        issues.push({ parameter: name, message: `unknown query parameter "${name}" (names are case-sensitive)`, expected: near });
      else if (UNSUPPORTED_STANDARD.test(name))
        unsupported.push({
          parameter: name,
          message: `the EPCIS query parameter ${name} is not supported by this repository yet`,
          expected: `one of ${SUPPORTED_PARAMETERS.join(', ')}`,
        });
      else
        issues.push({
          parameter: name,
          message: `unknown query parameter "${name}"`,
          expected: `one of ${SUPPORTED_PARAMETERS.join(', ')}`,
        });
      continue;
    }
    if (name === 'perPage') {
      const v = single(name, rawValues);
      if (v === undefined) continue;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > MAX_PER_PAGE)
        issues.push({
          parameter: name,
          message: `perPage "${v}" is not a page size`,
          expected: `an integer from 1 to ${String(MAX_PER_PAGE)}`,
        });
      else perPage = n;
      continue;
    }
    if (name === 'nextPageToken') {
      nextPageToken = single(name, rawValues);
      continue;
    }
    if ((TIME_PARAMETERS as readonly string[]).includes(name)) {
      const v = single(name, rawValues);
      if (v === undefined) continue;
      const parsed = parseDateTime(v);
      if (parsed === undefined)
        issues.push({
          parameter: name,
          message: `${name} "${v}" is not a date-time with a time zone`,
          expected: 'an ISO 8601 date-time with offset, e.g. 2026-03-02T08:15:00.000+01:00 or 2026-03-02T07:15:00Z',
        });
      else query[name as TimeParameter] = new Date(parsed.epochMs).toISOString();
      continue;
    }
    const values = split(rawValues);
    if (values.some((v) => v === '')) {
      issues.push({ parameter: name, message: `${name} has an empty value`, expected: 'one or more values separated by |' });
      continue;
    }
    const out = parseListValues(name as ListParameter, values, issues);
    if (out !== undefined) query[name as ListParameter] = out;
  }
  if (issues.length > 0) return { ok: false, status: 400, issues };
  if (unsupported.length > 0) return { ok: false, status: 501, issues: unsupported };
  return { ok: true, value: { query, perPage, nextPageToken } };
}

function parseListValues(name: ListParameter, values: readonly string[], issues: QueryParameterIssue[]): readonly string[] | undefined {
  if (name === 'eventType') {
    const bad = values.filter((v) => !(EPCIS_EVENT_TYPES as readonly string[]).includes(v));
    if (bad.length > 0)
      issues.push({
        parameter: name,
        message: `eventType ${bad.map((b) => `"${b}"`).join(', ')} is not an EPCIS event type`,
        expected: EPCIS_EVENT_TYPES.join(', '),
      });
    return bad.length > 0 ? undefined : values;
  }
  if (name === 'EQ_action') {
    const bad = values.filter((v) => !ACTIONS.includes(v));
    if (bad.length > 0)
      issues.push({
        parameter: name,
        message: `EQ_action ${bad.map((b) => `"${b}"`).join(', ')} is not an EPCIS action`,
        expected: ACTIONS.join(', '),
      });
    return bad.length > 0 ? undefined : values;
  }
  if (name === 'EQ_bizStep' || name === 'EQ_disposition' || name === 'EQ_persistentDisposition_set') {
    const vocab = VOCABULARY_PARAMETERS[name];
    const out: string[] = [];
    for (const v of values) {
      const term = normaliseCbv(vocab, v);
      // The read model stores CBV terms as bare words and other vocabularies as their URIs.
      if (term !== undefined) out.push(term.bareWord ?? term.webUri);
      else if (isAbsoluteUri(v)) out.push(v);
      else
        issues.push({
          parameter: name,
          message: `"${v}" is neither a CBV ${vocab === 'bizStep' ? 'business step' : 'disposition'} nor a URI`,
          expected:
            vocab === 'bizStep'
              ? 'a CBV 2.0 bizStep such as shipping or https://ref.gs1.org/cbv/BizStep-shipping, or a URI'
              : 'a CBV 2.0 disposition such as in_transit, or a URI',
        });
    }
    return out;
  }
  if (name === 'EQ_eventID') return values;
  // EPC URIs, Digital Links and urn:epc:idpat patterns; exact ids are matched in their canonical form.
  const out: string[] = [];
  for (const v of values) {
    if (!v.toLowerCase().startsWith('urn:epc:idpat:')) {
      out.push(canonicalObjectId(v));
      continue;
    }
    // Stored ids are GS1 Digital Links, where a GTIN's indicator digit precedes its company prefix:
    // only a pattern fixing the whole key (its serial alone "*") is a prefix of them.
    const key = epcUriToDigitalLink(v);
    if (key.ok) out.push(v);
    else
      issues.push({
        parameter: name,
        message: `the EPC pattern "${v}" cannot be matched: only a pattern of one whole key with a wildcard serial is supported (${key.issues.map((i) => i.message).join('; ')})`,
        expected:
          'a pattern such as urn:epc:idpat:sgtin:9520123.000001.* (company prefix and item reference given), or an EPC URI or Digital Link',
      });
  }
  return out;
}
