import { canonicalObjectId } from '@lotledger/domain';
import type { Principal } from '@lotledger/auth';
import type { JsonValue, StoredEvent, StoredObject } from '@lotledger/store';
import { publicEvent, type JsonObject, type PublicPlaces } from '../provenance/public-event.projection.js';
import { EventVisibility, type EventModel, type ObjectStateModel, type Plain, type SourceDestinationModel } from './graphql.models.js';

/** Regulators see everything; a supplier sees its own organisation's events whole; everyone else the public projection. */
export function seesEventFully(principal: Principal, event: Pick<StoredEvent, 'submitterMsp'>): boolean {
  if (principal.role === 'regulator') return true;
  return principal.role === 'supplier' && principal.org !== undefined && principal.org === event.submitterMsp;
}

/** Who holds an object and where is commercial: regulators, and the custodian itself. */
export function seesCustody(principal: Principal, custodianMsp: string | null): boolean {
  if (principal.role === 'regulator') return true;
  return principal.role === 'supplier' && custodianMsp !== null && principal.org === custodianMsp;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

const ID_FIELDS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const;
const CLASS_FIELDS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;

/** Every identifier an event document names, canonicalised and distinct. */
export function objectIdsOf(document: JsonValue): string[] {
  if (!isObject(document)) return [];
  const out = new Set<string>();
  if (typeof document['parentID'] === 'string') out.add(canonicalObjectId(document['parentID']));
  for (const f of ID_FIELDS) for (const id of list(document[f])) if (typeof id === 'string') out.add(canonicalObjectId(id));
  for (const f of CLASS_FIELDS)
    for (const q of list(document[f])) if (isObject(q) && typeof q['epcClass'] === 'string') out.add(canonicalObjectId(q['epcClass']));
  return [...out];
}

function parties(value: JsonValue | undefined, key: 'source' | 'destination'): Plain<SourceDestinationModel>[] {
  return list(value).flatMap((e) =>
    isObject(e) && typeof e['type'] === 'string' && typeof e[key] === 'string' ? [{ type: e['type'], id: e[key] }] : [],
  );
}

/**
 * The EPCIS event document as this caller may see it: the captured event whole where seesEventFully,
 * else the public projection. The one rule behind GraphQL's `document` and the EPCIS REST query.
 */
export function visibleEventDocument(stored: StoredEvent, principal: Principal, places: PublicPlaces): JsonValue {
  return seesEventFully(principal, stored) ? stored.event : publicEvent(stored.event, stored.hashId, places);
}

/** The GraphQL event as this caller may see it: commercial fields null unless FULL. */
export function eventModel(stored: StoredEvent, principal: Principal, places: PublicPlaces): Plain<EventModel> {
  const full = seesEventFully(principal, stored);
  const document = visibleEventDocument(stored, principal, places);
  const raw = isObject(stored.event) ? stored.event : {};
  return {
    hashId: stored.hashId,
    eventId: stored.eventId,
    type: stored.type,
    action: stored.action,
    bizStep: stored.bizStep,
    disposition: stored.disposition,
    eventTime: stored.eventTime,
    eventTimeZoneOffset: stored.eventTimeZoneOffset,
    bizLocation: full || (isObject(document) && isObject(document['bizLocation'])) ? stored.bizLocation : null,
    status: stored.status,
    visibility: full ? EventVisibility.FULL : EventVisibility.PUBLIC,
    document,
    objectIds: objectIdsOf(document),
    submitterMsp: full ? stored.submitterMsp : null,
    readPoint: full ? stored.readPoint : null,
    captureId: full ? stored.captureId : null,
    bizTransactions: full
      ? list(raw['bizTransactionList']).flatMap((b) =>
          isObject(b) && typeof b['bizTransaction'] === 'string'
            ? [{ type: typeof b['type'] === 'string' ? b['type'] : null, bizTransaction: b['bizTransaction'] }]
            : [],
        )
      : null,
    sources: full ? parties(raw['sourceList'], 'source') : null,
    destinations: full ? parties(raw['destinationList'], 'destination') : null,
    txId: stored.txId,
    blockNumber: stored.blockNumber,
  };
}

/** An object's state for this caller (custodian and location only where seesCustody). */
export function objectModel(id: string, state: StoredObject | null, principal: Principal): Plain<ObjectStateModel> {
  const custody = state !== null && seesCustody(principal, state.custodianMsp);
  return {
    id,
    visible: true,
    kind: state?.kind ?? null,
    gtin: state?.gtin ?? null,
    lot: state?.lot ?? null,
    serial: state?.serial ?? null,
    status: state?.status ?? null,
    custodianMsp: custody ? state.custodianMsp : null,
    location: custody ? state.location : null,
    holds: state?.holds ?? null,
    updatedAt: state?.updatedAt ?? null,
  };
}
