import type { BadInputCase, QueryExpectation } from './bad-input-case.js';

/** Hostile values: each must be refused with the parameter named, or matched as plain data (no event). */
export const INJECTIONS: readonly (readonly [string, string])[] = [
  ['SQL tautology', "' OR '1'='1"],
  ['SQL stacked statement', "x'; DROP TABLE events; --"],
  ['SQL union', '1 UNION SELECT hash_id, event FROM events --'],
  ['SQL comment', 'x/**/OR/**/1=1'],
  ['NoSQL operator', '{"$gt":""}'],
  ['NoSQL where', '{"$where":"sleep(1000)"}'],
  ['path traversal', '../../../../etc/passwd'],
  ['encoded path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['header CRLF', 'x\r\nSet-Cookie: pwned=1'],
  ['HTML script', '<script>alert(1)</script>'],
  ['HTML attribute', '"><img src=x onerror=alert(1)>'],
  ['NUL byte', 'urn:epc:id:sgtin:9520123.000001.1\u0000'],
  ['10 000 characters', 'A'.repeat(10_000)],
];

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const BAD_TIME: QueryExpectation = { status: 400, code: 'QUERY_PARAMETER_INVALID' };
const EMPTY: QueryExpectation = { status: 200, events: 0 };

/**
 * What each query parameter answers to a hostile value. Closed vocabularies and typed values refuse it
 * naming the parameter; identifier filters may match it as an opaque identifier (and find nothing);
 * nextPageToken must be one the server issued.
 */
const PARAMETERS: Readonly<Record<string, (value: string) => QueryExpectation>> = {
  eventType: () => ({ ...BAD_TIME, parameter: 'eventType' }),
  GE_eventTime: () => ({ ...BAD_TIME, parameter: 'GE_eventTime' }),
  LT_eventTime: () => ({ ...BAD_TIME, parameter: 'LT_eventTime' }),
  GE_recordTime: () => ({ ...BAD_TIME, parameter: 'GE_recordTime' }),
  LT_recordTime: () => ({ ...BAD_TIME, parameter: 'LT_recordTime' }),
  EQ_action: () => ({ ...BAD_TIME, parameter: 'EQ_action' }),
  EQ_bizStep: () => ({ ...BAD_TIME, parameter: 'EQ_bizStep' }),
  EQ_disposition: () => ({ ...BAD_TIME, parameter: 'EQ_disposition' }),
  EQ_persistentDisposition_set: () => ({ ...BAD_TIME, parameter: 'EQ_persistentDisposition_set' }),
  perPage: () => ({ ...BAD_TIME, parameter: 'perPage' }),
  nextPageToken: () => ({ ...BAD_TIME, parameter: 'nextPageToken' }),
  EQ_readPoint: () => EMPTY,
  EQ_bizLocation: () => EMPTY,
  MATCH_epc: () => EMPTY,
  MATCH_parentID: () => EMPTY,
  MATCH_inputEPC: () => EMPTY,
  MATCH_outputEPC: () => EMPTY,
  MATCH_anyEPC: () => EMPTY,
  MATCH_epcClass: () => EMPTY,
  MATCH_anyEPCClass: () => EMPTY,
  EQ_eventID: () => EMPTY,
};

export function queryCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const [parameter, expect] of Object.entries(PARAMETERS)) {
    for (const [what, value] of INJECTIONS) {
      cases.push({
        name: `query: ${what} in ${parameter}`,
        category: 'query-injection',
        transport: 'rest-query',
        query: `${parameter}=${encodeURIComponent(value)}`,
        // A control character (NUL, CR, LF…) is in no identifier, and PostgreSQL cannot even compare text
        // holding a NUL: refused up front, naming the parameter.
        expect: CONTROL_CHARACTER.test(value) ? { ...BAD_TIME, parameter } : expect(value),
      });
    }
  }
  // Hostile parameter names: refused as unknown, the name echoed only inside JSON.
  for (const [what, value] of INJECTIONS.slice(0, 11))
    cases.push({
      name: `query: ${what} as a parameter name`,
      category: 'query-injection',
      transport: 'rest-query',
      query: `${encodeURIComponent(value)}=1`,
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: value },
    });
  cases.push(
    {
      name: 'query: a NoSQL bracket operator in a name',
      category: 'query-injection',
      transport: 'rest-query',
      query: 'EQ_bizStep[$ne]=shipping',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'EQ_bizStep[$ne]' },
    },
    {
      name: 'query: perPage given twice',
      category: 'query-injection',
      transport: 'rest-query',
      query: 'perPage=1&perPage=1000',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'perPage' },
    },
    {
      name: 'query: perPage as a negative number',
      category: 'query-injection',
      transport: 'rest-query',
      query: 'perPage=-1',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'perPage' },
    },
    {
      name: 'query: perPage of 10^30',
      category: 'query-injection',
      transport: 'rest-query',
      query: 'perPage=1000000000000000000000000000000',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'perPage' },
    },
    {
      name: 'query: GE_eventTime on 30 February',
      category: 'impossible-time',
      transport: 'rest-query',
      query: 'GE_eventTime=2026-02-30T00:00:00Z',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'GE_eventTime' },
    },
    {
      name: 'query: LT_eventTime with an offset of +15:00',
      category: 'impossible-time',
      transport: 'rest-query',
      query: `LT_eventTime=${encodeURIComponent('2026-02-01T00:00:00+15:00')}`,
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'LT_eventTime' },
    },
    {
      name: 'query: EQ_bizStep with a Cyrillic letter',
      category: 'unicode-confusable',
      transport: 'rest-query',
      query: `EQ_bizStep=${encodeURIComponent('shіpping')}`,
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'EQ_bizStep' },
    },
    {
      name: 'query: eventType in fullwidth letters',
      category: 'unicode-confusable',
      transport: 'rest-query',
      query: `eventType=${encodeURIComponent('ＯbjectEvent')}`,
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'eventType' },
    },
    {
      name: 'query: malformed percent-encoding',
      category: 'query-injection',
      transport: 'rest-query',
      query: 'EQ_bizStep=%E0%A4%A',
      expect: { status: 400, code: 'QUERY_PARAMETER_INVALID', parameter: 'EQ_bizStep' },
    },
  );
  return cases;
}
