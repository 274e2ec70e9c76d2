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
  /**
   * What this answer was built from, read in the same snapshot as the walk: equal to
   * `genealogyVersion(nodes' ids)` for as long as the answer stays true (see there).
   */
  readonly version: string;
  /**
   * The read model's snapshot the walk was read in (opaque; absent where the adapter cannot tell):
   * `genealogyUnchangedSince(asOf)` says cheaply whether anything in the genealogy changed since.
   */
  readonly asOf?: string;
}

/** A genealogy fingerprint and the snapshot it was read in. */
export interface GenealogyVersionAsOf {
  readonly version: string;
  readonly asOf: string;
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

/**
 * The recall impact of a downstream walk (`trace(id, 'downstream', MAX_TRACE_DEPTH)`): every node below
 * the root with its state, and how many each custodian holds (most first). Exported so that a cached
 * walk gives the same answer as ReadModelReader.recallImpact.
 */
export function recallImpactOf(result: TraceResult): RecallImpact {
  const affected: AffectedObject[] = result.nodes
    .filter((n) => n.depth > 0)
    .map((n) => ({
      id: n.id,
      depth: n.depth,
      kind: n.object?.kind ?? null,
      gtin: n.object?.gtin ?? null,
      lot: n.object?.lot ?? null,
      serial: n.object?.serial ?? null,
      status: n.object?.status ?? null,
      custodianMsp: n.object?.custodianMsp ?? null,
      location: n.object?.location ?? null,
    }));
  const counts = new Map<string | null, number>();
  for (const a of affected) counts.set(a.custodianMsp, (counts.get(a.custodianMsp) ?? 0) + 1);
  const byOrganisation = [...counts.entries()]
    .map(([mspId, count]) => ({ mspId, count }))
    .sort((a, b) => b.count - a.count || String(a.mspId).localeCompare(String(b.mspId)));
  return { root: result.root, affected, byOrganisation, truncated: result.truncated };
}

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
  /**
   * The final status of those of these events that have one (pending and unknown hash IDs are absent), in one
   * round trip by the primary key only: for the anchor, before it sends a delivery to the ledger.
   */
  decidedStatuses(hashIds: readonly string[]): Promise<ReadonlyMap<string, 'anchored' | 'rejected'>>;
  getBatch(id: string): Promise<StoredBatch | null>;
  /**
   * An opaque marker of what the read model records about these keys, by index lookups only: it changes
   * whenever an event naming one of the objects is written or changes status, one of the objects' states
   * changes, or one of the products, organisations or locations is registered, changed or removed. For
   * validating a cached answer built from exactly these keys.
   */
  recordVersion(keys: RecordKeys): Promise<string>;
  trace(objectId: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult>;
  /**
   * A fingerprint of the state rows of these objects and of every genealogy edge touching them. A trace
   * whose nodes are these objects can only change when this does, so a cached trace is still true while
   * `genealogyVersion(its node ids) === its version`.
   */
  genealogyVersion(objectIds: readonly string[]): Promise<string>;
  /** genealogyVersion, with the snapshot it was read in (for genealogyUnchangedSince). */
  genealogyVersionAsOf(objectIds: readonly string[]): Promise<GenealogyVersionAsOf>;
  /**
   * True only when no object state and no genealogy edge has been committed since the snapshot `asOf`
   * (a TraceResult's or a GenealogyVersionAsOf's): then every walk read in it still holds, without
   * looking at its nodes. False when anything in the genealogy changed — anywhere — or when the read
   * model can no longer tell (its change log was pruned past that snapshot): ask genealogyVersion then.
   */
  genealogyUnchangedSince(asOf: string): Promise<boolean>;
  recallImpact(objectId: string): Promise<RecallImpact>;
}
