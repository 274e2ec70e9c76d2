import type {
  AnchorBatchInput,
  AnchorRecord,
  BatchRecord,
  HoldKind,
  ObjectHistoryEntry,
  ObjectState,
  Organization,
  OrgRole,
  Page,
  RejectedEvent,
} from '@lotledger/chaincode';

export type {
  AnchorBatchAnswer,
  AnchorBatchInput,
  AnchorRecord,
  BatchRecord,
  EventFacts,
  HoldKind,
  ObjectHistoryEntry,
  ObjectState,
  Organization,
  OrgRole,
  Page,
  RejectedEvent,
  TypedRef,
  EventType,
  EventAction,
  Hold,
  ObjectStatus,
  RejectionCode,
} from '@lotledger/chaincode';
export {
  REJECTION_CODES,
  HOLD_KINDS,
  ORG_ROLES,
  EVENT_TYPES,
  MAX_BATCH_EVENTS,
  MAX_BATCH_ATTEMPT,
  MAX_GET_OBJECTS,
  batchIdOf,
} from '@lotledger/chaincode';

export interface AnchorResult {
  /** The batch id: its Merkle root, with the retry attempt when the batch named one (batchIdOf). */
  readonly batchId: string;
  readonly merkleRoot: string;
  /** The transaction that anchored the batch (the original one when this was a replay). */
  readonly txId: string;
  /** The block holding that transaction. */
  readonly blockNumber: number;
  readonly accepted: readonly string[];
  readonly rejected: readonly RejectedEvent[];
  /** Hash IDs an earlier batch had anchored already (ignored: anchoring is idempotent). */
  readonly alreadyAnchored: readonly string[];
  /** True when this very batch had been anchored before and its stored record was returned. */
  readonly replayed: boolean;
  readonly submitter: string;
  readonly txTime: string;
  /**
   * The resulting states of the objects the batch's accepted events touched (from the contract's
   * answer; on a replay read back per object, so they may be newer than the batch).
   */
  readonly objects: readonly ObjectState[];
}

export interface OrganizationInput {
  readonly mspId: string;
  readonly name: string;
  readonly role: OrgRole;
  readonly companyPrefixes: readonly string[];
  readonly glns: readonly string[];
}

export interface HoldRequest {
  readonly objectId: string;
  readonly kind: HoldKind;
  readonly reason: string;
}

export interface LedgerHealth {
  readonly ok: boolean;
  readonly kind: 'embedded' | 'fabric';
  readonly detail: string;
  readonly height?: number | undefined;
}

/** Called with a transaction id before the transaction is submitted, so a retry can be matched to it. */
export type TxIdListener = (info: {
  readonly txId: string;
  readonly submitter: string;
  readonly transaction: string;
  readonly batchId?: string | undefined;
}) => Promise<void> | void;

/**
 * What the services know of the ledger. Two adapters implement it: Fabric (Gateway client) and
 * the embedded ledger; one conformance suite holds both to the same behaviour.
 */
export interface LedgerPort {
  /** Anchors a batch signed by `submitterMspId`; per event accepted, rejected (with a code) or already anchored. */
  anchorBatch(submitterMspId: string, batch: AnchorBatchInput): Promise<AnchorResult>;
  getBatch(batchId: string): Promise<BatchRecord | undefined>;
  getObject(objectId: string): Promise<ObjectState | undefined>;
  getObjectHistory(objectId: string): Promise<ObjectHistoryEntry[]>;
  isAnchored(hashId: string): Promise<AnchorRecord | undefined>;
  registerOrganization(callerMspId: string, organization: OrganizationInput): Promise<Organization>;
  getOrganization(mspId: string): Promise<Organization | undefined>;
  setHold(callerMspId: string, hold: HoldRequest): Promise<ObjectState>;
  releaseHold(callerMspId: string, release: { readonly objectId: string; readonly kind: HoldKind }): Promise<ObjectState>;
  listObjects(pageSize: number, bookmark?: string): Promise<Page<ObjectState>>;
  listBatches(pageSize: number, bookmark?: string): Promise<Page<BatchRecord>>;
  health(): Promise<LedgerHealth>;
  close(): Promise<void>;
}
