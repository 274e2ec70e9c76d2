/**
 * Value types shared by the read-model ports. Plain data only: the services depend on these and on
 * the port interfaces, never on TypeORM or pg types.
 */

import type { AlertToRaise } from './alert-store.port.js';

/** A JSON value as stored in jsonb columns. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type EventStatus = 'pending' | 'anchored' | 'rejected';

/**
 * How an object appears in an event. `quantity_class` covers quantityList and childQuantityList
 * entries; transformation inputs and outputs use `input` / `output` whether they are EPCs or classes
 * (a class entry carries `quantity` / `uom`).
 */
export type EventObjectRole = 'epc' | 'parent' | 'child' | 'input' | 'output' | 'quantity_class';

export interface EventObjectFact {
  /** The canonical identifier: the GS1 Digital Link on id.gs1.org (the domain's canonicalObjectId). */
  readonly objectId: string;
  readonly role: EventObjectRole;
  readonly quantity?: number | null;
  readonly uom?: string | null;
}

/** The columns extracted from an EPCIS event for indexing and querying. */
export interface EventFacts {
  readonly eventId?: string | null;
  readonly type: string;
  readonly action?: string | null;
  readonly bizStep?: string | null;
  readonly disposition?: string | null;
  /** ISO 8601 instant. */
  readonly eventTime: string;
  readonly eventTimeZoneOffset: string;
  /** ISO 8601 instant. */
  readonly recordTime: string;
  readonly readPoint?: string | null;
  readonly bizLocation?: string | null;
  readonly submitterMsp: string;
  readonly captureId?: string | null;
  readonly objects: readonly EventObjectFact[];
}

export interface EventToStore {
  /** The CBV 2.0 event hash ID (`ni:///sha-256;…`): the idempotency key. */
  readonly hashId: string;
  /** The full event as captured (EPCIS 2.0 JSON). */
  readonly event: JsonValue;
  readonly facts: EventFacts;
}

export interface AnchoredEvent extends EventToStore {
  readonly status: 'anchored' | 'rejected';
  /** Position of the event's hash among the batch's Merkle leaves. */
  readonly leafIndex: number;
  readonly rejectCode?: string | null;
  readonly rejectReason?: string | null;
}

export interface BatchRecord {
  readonly id: string;
  readonly merkleRoot: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly submitterMsp: string;
  readonly eventCount: number;
  readonly accepted: number;
  readonly rejected: number;
  /** ISO 8601 instant. */
  readonly anchoredAt: string;
  /**
   * Every Merkle leaf (event hash ID) in leaf order, including events an earlier batch had already
   * anchored: a proof is rebuilt from these. Omitted only by old writers; then they are derived from events.
   */
  readonly leaves?: readonly string[];
}

export interface ObjectState {
  readonly id: string;
  /** The identifier scheme: sgtin, lgtin, sscc, grai, giai, gtin… */
  readonly kind: string;
  readonly gtin?: string | null;
  readonly lot?: string | null;
  readonly serial?: string | null;
  /** active, in_transit, recalled, quarantined, destroyed… as the ledger says. */
  readonly status: string;
  readonly custodianMsp?: string | null;
  readonly location?: string | null;
  readonly holds?: JsonValue;
  readonly lastEventHash?: string | null;
  /** ISO 8601 instant; an older state never overwrites a newer one (replays of old batches). */
  readonly updatedAt: string;
}

export type GenealogyKind = 'aggregation' | 'transformation' | 'association';

/**
 * One genealogy link in EPCIS terms: for an aggregation or association `parentId` is the EPCIS
 * parentID (the container) and `childId` a contained child; for a transformation `parentId` is an input
 * and `childId` an output. Traversal turns these into upstream / downstream by kind.
 */
export interface GenealogyEdge {
  readonly parentId: string;
  readonly childId: string;
  readonly kind: GenealogyKind;
  readonly hashId: string;
}

export interface AnchoredBatch {
  readonly batch: BatchRecord;
  readonly events: readonly AnchoredEvent[];
  readonly objectStates: readonly ObjectState[];
  readonly edges: readonly GenealogyEdge[];
  /** Profile findings of the batch's events, stored as alerts in the same transaction (only for anchored events). */
  readonly alerts?: readonly AlertToRaise[];
}

export interface ApplyBatchResult {
  /** Events newly written or moved from pending to their final status by this call (0 on a replay). */
  readonly eventsChanged: number;
  readonly edgesInserted: number;
  readonly batchInserted: boolean;
  /** The codes of the alerts this call newly stored (none on a replay). */
  readonly alertsRaised?: readonly string[];
}

export interface StoredEvent {
  readonly hashId: string;
  readonly eventId: string | null;
  readonly type: string;
  readonly action: string | null;
  readonly bizStep: string | null;
  readonly disposition: string | null;
  readonly eventTime: string;
  readonly eventTimeZoneOffset: string;
  readonly recordTime: string;
  readonly readPoint: string | null;
  readonly bizLocation: string | null;
  readonly submitterMsp: string;
  readonly captureId: string | null;
  readonly event: JsonValue;
  readonly status: EventStatus;
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
  readonly batchId: string | null;
  readonly txId: string | null;
  readonly blockNumber: number | null;
  readonly leafIndex: number | null;
  /** The batch's Merkle root when anchored (joined from batches). */
  readonly merkleRoot: string | null;
}

export interface StoredObject {
  readonly id: string;
  readonly kind: string;
  readonly gtin: string | null;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly status: string;
  readonly custodianMsp: string | null;
  readonly location: string | null;
  readonly holds: JsonValue;
  readonly lastEventHash: string | null;
  readonly updatedAt: string;
}

export interface StoredBatch extends BatchRecord {
  /** Event hash IDs in leaf order: what a Merkle proof is rebuilt from. */
  readonly leaves: readonly string[];
}
