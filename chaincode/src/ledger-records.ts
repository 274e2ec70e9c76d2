/** What the trace contract stores in world state and returns from its queries. */
export const ORG_ROLES = ['manufacturer', 'supplier', 'distributor', 'retailer', 'regulator'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export interface Organization {
  readonly mspId: string;
  readonly name: string;
  readonly role: OrgRole;
  /** GS1 company prefixes (6–12 digits) the organisation was allotted. */
  readonly companyPrefixes: readonly string[];
  /** 13-digit GLNs it owns outside those prefixes (locations or parties). */
  readonly glns: readonly string[];
  readonly registeredBy: string;
  readonly updatedAt: string;
}

export const HOLD_KINDS = ['recall', 'quarantine'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export interface Hold {
  readonly kind: HoldKind;
  readonly setBy: string;
  readonly reason: string;
  readonly since: string;
}

/** Terminal statuses: nothing moves after these. */
export const TERMINAL_STATUSES = ['decommissioned', 'destroyed', 'consumed', 'sold', 'dispensed'] as const;
export type ObjectStatus = 'active' | 'in_transit' | (typeof TERMINAL_STATUSES)[number];

export interface ObjectState {
  readonly id: string;
  /** Class-level ids (lots, product classes) carry status and holds but no exclusive custody. */
  readonly classLevel: boolean;
  readonly status: ObjectStatus;
  /** The organisation that commissioned (created) it: the owner who may recall it. */
  readonly owner: string;
  readonly custodian: string;
  readonly location?: string | undefined;
  /** While in transit: the party the shipment named, and the organisation owning it. */
  readonly expectedReceiver?: string | undefined;
  readonly expectedReceiverMsp?: string | undefined;
  readonly parent?: string | undefined;
  readonly children: readonly string[];
  /** Transformation inputs it was made from (genealogy). */
  readonly madeFrom: readonly string[];
  readonly holds: readonly Hold[];
  readonly lastEventHash: string;
  readonly lastEventTime: string;
  readonly updatedTxId: string;
}

export interface RejectedEvent {
  readonly hashId: string;
  readonly code: string;
  readonly reason: string;
}

export interface BatchRecord {
  /** The batch's key: its Merkle root, or the root with the retry attempt (batchIdOf). */
  readonly batchId: string;
  readonly merkleRoot: string;
  /** The retry attempt the batch was anchored with; absent for a first attempt. */
  readonly attempt?: number;
  readonly count: number;
  readonly hashIds: readonly string[];
  readonly accepted: readonly string[];
  readonly rejected: readonly RejectedEvent[];
  /** Events ignored because an earlier batch anchored them (idempotent replays). */
  readonly alreadyAnchored: readonly string[];
  readonly submitter: string;
  readonly txId: string;
  readonly txTime: string;
}

/**
 * What `AnchorBatch` answers: the batch record and, when this transaction anchored it, the sorted
 * ids of the objects it changed. Never their states: the answer is the transaction's response
 * payload, which Fabric writes into the block (and a gRPC message is 4 MiB by default); clients
 * read the states with `GetObjects`. A replay answers the stored record only (ids absent).
 */
export interface AnchorBatchAnswer extends BatchRecord {
  readonly changedObjectIds?: readonly string[] | undefined;
}

/** Most ids one `GetObjects` call answers (more is INVALID_ARGUMENT). */
export const MAX_GET_OBJECTS = 1000;

export interface AnchorRecord {
  readonly hashId: string;
  readonly batchId: string;
  readonly leafIndex: number;
  readonly txId: string;
}

export interface ObjectHistoryEntry {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly state?: ObjectState | undefined;
}

export interface Page<T> {
  readonly records: readonly T[];
  readonly bookmark: string;
  readonly fetchedRecordsCount: number;
}
