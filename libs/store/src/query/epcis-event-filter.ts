import type { EpcisEventQuery } from '../ports/read-model-reader.port.js';
import type { EventObjectRole } from '../ports/read-model.types.js';

/** A WHERE clause over `events e` with its bind parameters, numbered from `firstParam`. */
export interface SqlFilter {
  readonly conditions: readonly string[];
  readonly params: readonly unknown[];
}

// EPCIS 2.0 §8.2.7.1: which event fields each MATCH_ parameter looks in.
const MATCH_ROLES: Readonly<
  Record<
    'MATCH_epc' | 'MATCH_parentID' | 'MATCH_inputEPC' | 'MATCH_outputEPC' | 'MATCH_anyEPC' | 'MATCH_epcClass',
    readonly EventObjectRole[]
  >
> = {
  MATCH_epc: ['epc', 'child'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['input'],
  MATCH_outputEPC: ['output'],
  MATCH_anyEPC: ['epc', 'child', 'parent', 'input', 'output'],
  MATCH_epcClass: ['quantity_class'],
};

const EQ_COLUMNS: Readonly<
  Record<'eventType' | 'EQ_action' | 'EQ_bizStep' | 'EQ_disposition' | 'EQ_readPoint' | 'EQ_bizLocation' | 'EQ_eventID', string>
> = {
  eventType: 'e.type',
  EQ_action: 'e.action',
  EQ_bizStep: 'e.biz_step',
  EQ_disposition: 'e.disposition',
  EQ_readPoint: 'e.read_point',
  EQ_bizLocation: 'e.biz_location',
  EQ_eventID: 'e.event_id',
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

/**
 * EPC Tag Data Standard patterns (`urn:epc:idpat:<scheme>:<fields>` whose trailing fields are `*`)
 * become LIKE prefixes over the matching `urn:epc:id:` URIs; a class query also matches LGTIN classes
 * of an SGTIN pattern. The pattern string itself stays an exact candidate (quantity lists use it as a class).
 */
export function patternPrefixes(value: string, forClasses: boolean): string[] {
  const match = /^urn:epc:idpat:([a-z0-9-]+):(.*)$/i.exec(value);
  if (!match) return [];
  const [, scheme = '', fields = ''] = match;
  const parts = fields.split('.');
  const firstStar = parts.indexOf('*');
  if (firstStar < 0 || parts.slice(firstStar).some((p) => p !== '*')) return [];
  const fixed = parts
    .slice(0, firstStar)
    .map((p) => `${p}.`)
    .join('');
  const prefixes = [`urn:epc:id:${scheme}:${fixed}`];
  if (forClasses && scheme.toLowerCase() === 'sgtin') prefixes.push(`urn:epc:class:lgtin:${fixed}`);
  return prefixes.map((p) => `${likeEscape(p)}%`);
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
  for (const [key, comparison] of Object.entries(RANGES) as [keyof typeof RANGES, string][]) {
    const value = query[key];
    if (value !== undefined) conditions.push(`${comparison} ${bind(value)}::timestamptz`);
  }
  for (const [key, roles] of Object.entries(MATCH_ROLES) as [keyof typeof MATCH_ROLES, readonly EventObjectRole[]][]) {
    const values = query[key];
    if (values === undefined) continue;
    const prefixes = values.flatMap((v) => patternPrefixes(v, key === 'MATCH_epcClass'));
    const like = prefixes.length > 0 ? ` OR o.object_id LIKE ANY(${bind(prefixes)}::text[])` : '';
    conditions.push(
      `EXISTS (SELECT 1 FROM event_objects o WHERE o.hash_id = e.hash_id AND o.role = ANY(${bind(roles)}::text[]) AND (o.object_id = ANY(${bind(values)}::text[])${like}))`,
    );
  }
  return { conditions, params };
}
