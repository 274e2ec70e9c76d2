import type { EventStatus, GenealogyEdge, StoredBatch, StoredEvent, StoredObject } from './read-model.types.js';

/**
 * The subset of EPCIS 2.0 query parameters (EPCIS 2.0 §8.2.7.1) the read model answers. List-valued
 * parameters match any of their values; MATCH_* values are EPC URIs, GS1 Digital Links (both matched
 * in their canonical Digital Link form) or one-key `urn:epc:idpat:` patterns whose serial is `*`.
 */
export interface EpcisEventQuery {
  readonly eventType?: readonly string[];
  readonly GE_eventTime?: string;
  readonly LT_eventTime?: string;
  readonly GE_recordTime?: string;
  readonly LT_recordTime?: string;
  readonly EQ_action?: readonly string[];
  readonly EQ_bizStep?: readonly string[];
  readonly EQ_disposition?: readonly string[];
  readonly EQ_readPoint?: readonly string[];
  readonly EQ_bizLocation?: readonly string[];
  /** Events whose persistentDisposition.set holds any of these dispositions (CBV bare words or URIs). */
  readonly EQ_persistentDisposition_set?: readonly string[];
  readonly MATCH_epc?: readonly string[];
  readonly MATCH_parentID?: readonly string[];
  readonly MATCH_inputEPC?: readonly string[];
  readonly MATCH_outputEPC?: readonly string[];
  readonly MATCH_anyEPC?: readonly string[];
  readonly MATCH_epcClass?: readonly string[];
  /** Classes in any quantity list of the event (quantityList, childQuantityList, input/outputQuantityList). */
  readonly MATCH_anyEPCClass?: readonly string[];
  readonly EQ_eventID?: readonly string[];
}

export interface PageRequest {
  /** Page size, 1…1000 (default 100). */
  readonly first?: number;
  /** The opaque `nextCursor` of the previous page. */
  readonly after?: string;
  /** Which statuses to include (default: anchored only — pending and rejected events are not yet part of the record). */
  readonly statuses?: readonly EventStatus[];
}

export interface EventPage {
  readonly events: readonly StoredEvent[];
  /** Present when more events follow; pass it back as `after`. */
  readonly nextCursor: string | null;
}

export type TraceDirection = 'upstream' | 'downstream' | 'both';

export interface TraceNode {
  readonly id: string;
  /** Fewest steps from the root in that direction (0 for the root). */
  readonly depth: number;
  readonly direction: 'root' | 'upstream' | 'downstream';
  /** The object's current state, or null when the read model knows the id only from edges. */
  readonly object: StoredObject | null;
}

export interface TraceResult {
  readonly root: string;
  readonly nodes: readonly TraceNode[];
  readonly edges: readonly GenealogyEdge[];
  /** Hash IDs of the events that created the edges (sorted, distinct). */
  readonly eventHashes: readonly string[];
  /** True when the depth cap stopped the walk before it ran out of edges. */
  readonly truncated: boolean;
}

export interface AffectedObject {
  readonly id: string;
  readonly depth: number;
  readonly kind: string | null;
  readonly gtin: string | null;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly status: string | null;
  readonly custodianMsp: string | null;
  readonly location: string | null;
}

export interface RecallImpact {
  readonly root: string;
  /** Every object downstream of the root (the root itself excluded), nearest first. */
  readonly affected: readonly AffectedObject[];
  /** Affected objects per current custodian (`null` when unknown). */
  readonly byOrganisation: readonly { readonly mspId: string | null; readonly count: number }[];
  readonly truncated: boolean;
}

/** Hard ceiling on any genealogy walk, whatever the caller asks for. */
export const MAX_TRACE_DEPTH = 64;

/** What a cached answer about some objects was built from (see ReadModelReader.recordVersion). */
export interface RecordKeys {
  readonly objectIds: readonly string[];
  readonly gtins?: readonly string[];
  readonly mspIds?: readonly string[];
  readonly glns?: readonly string[];
}

export interface ReadModelReader {
  /** By hash ID first, else by EPCIS eventID. */
  getEvent(hashIdOrEventId: string): Promise<StoredEvent | null>;
  queryEvents(query: EpcisEventQuery, page?: PageRequest): Promise<EventPage>;
  getObject(id: string): Promise<StoredObject | null>;
  /** Objects by id in one round trip (ids the read model does not know are absent from the map). */
  getObjects(ids: readonly string[]): Promise<ReadonlyMap<string, StoredObject>>;
  /** Events by hash ID only (not EPCIS eventID) in one round trip; unknown hash IDs are absent. */
  getEventsByHash(hashIds: readonly string[]): Promise<ReadonlyMap<string, StoredEvent>>;
  getBatch(id: string): Promise<StoredBatch | null>;
  /**
   * An opaque marker of what the read model records about these keys, by index lookups only: it changes
   * whenever an event naming one of the objects is written or changes status, one of the objects' states
   * changes, or one of the products, organisations or locations is registered, changed or removed. For
   * validating a cached answer built from exactly these keys.
   */
  recordVersion(keys: RecordKeys): Promise<string>;
  trace(objectId: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult>;
  recallImpact(objectId: string): Promise<RecallImpact>;
}
