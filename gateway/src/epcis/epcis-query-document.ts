import type { JsonValue } from '@lotledger/store';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** The EPCIS 2.0 JSON-LD query document for a page of events (SimpleEventQuery results). */
export function epcisQueryDocument(events: readonly JsonValue[], creationDate: Date): JsonValue {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: creationDate.toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [...events] } } },
  };
}

/** The headers every EPCIS 2.0 REST answer carries (EPCIS 2.0 §12: version negotiation). */
export const EPCIS_VERSION_HEADERS: Readonly<Record<string, string>> = { 'GS1-EPCIS-Version': '2.0', 'GS1-CBV-Version': '2.0' };
