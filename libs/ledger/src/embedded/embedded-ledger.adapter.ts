import './quiet-contract-logs.js';
import {
  batchIdOf,
  MAX_GET_OBJECTS,
  TraceContract,
  type AnchorBatchAnswer,
  type AnchorBatchInput,
  type AnchorRecord,
  type BatchRecord,
  type HoldKind,
  type ObjectHistoryEntry,
  type ObjectState,
  type Organization,
  type Page,
  type TraceTimestamp,
} from '@lotledger/chaincode';
import { canonicalJson } from '@lotledger/domain';
// After the contract: takes back the crash handlers fabric-contract-api's logger installs (see the module).
import './fabric-process-handlers.js';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { anchoredObjects } from '../anchored-objects.js';
import { contractError, LedgerConflictError, LedgerRejectedError, LedgerUnavailableError } from '../ledger-errors.js';
import type { AnchorResult, HoldRequest, LedgerHealth, LedgerPort, OrganizationInput, TxIdListener } from '../ledger.port.js';
import { BlockFile, type Block, type BlockTransaction, type TxValidation } from './block-chain.js';
import { EmbeddedClientIdentity, EmbeddedStub, mvccValid } from './embedded-stub.js';
import { OrgKeyring } from './org-keys.js';
import { WorldState } from './world-state.js';

export type EmbeddedLedgerOptions = Readonly<{
  /** Folder for blocks and keys (`<dataDir>/ledger/`); omitted: in memory only, nothing persisted. */
  dataDir?: string | undefined;
  /** Re-executions after an MVCC read conflict before giving up (default 5). */
  maxMvccRetries?: number | undefined;
  /** Told each transaction id before it is submitted. */
  onTxId?: TxIdListener | undefined;
}>;

type ContractFunction =
  | 'RegisterOrganization'
  | 'GetOrganization'
  | 'AnchorBatch'
  | 'SetHold'
  | 'ReleaseHold'
  | 'GetBatch'
  | 'GetObject'
  | 'GetObjects'
  | 'GetObjectHistory'
  | 'IsAnchored'
  | 'ListObjects'
  | 'ListBatches';

interface Invocation {
  readonly payload: string;
  readonly txId: string;
  readonly blockNumber: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function nowTimestamp(): TraceTimestamp & { seconds: number } {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

/** Where the embedded ledger of a data folder keeps its blocks and keys. */
export function embeddedLedgerPaths(dataDir: string): { ledgerDir: string; keysDir: string } {
  const ledgerDir = join(dataDir, 'ledger');
  return { ledgerDir, keysDir: join(ledgerDir, 'keys') };
}

/**
 * The embedded ledger: the trace contract class itself, run in-process against a stub with
 * Fabric's simulation and MVCC semantics; each transaction becomes a hash-chained block signed
 * by its submitting organisation, appended and fsynced before it is acknowledged. On open the
 * whole chain is verified and replayed; an altered chain refuses to open (LedgerCorruptError).
 */
export class EmbeddedLedgerAdapter implements LedgerPort {
  private readonly contract = new TraceContract();
  private commitQueue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly blocks: BlockFile,
    private readonly options: EmbeddedLedgerOptions,
    private readonly state: WorldState,
    /** Block number of every valid transaction, for replayed batches. */
    private readonly txBlocks: Map<string, number>,
  ) {}

  static async open(options: EmbeddedLedgerOptions = {}): Promise<EmbeddedLedgerAdapter> {
    let ledgerDir: string | undefined;
    let keysDir: string | undefined;
    if (options.dataDir !== undefined) {
      ({ ledgerDir, keysDir } = embeddedLedgerPaths(options.dataDir));
      await mkdir(keysDir, { recursive: true });
    }
    const state = new WorldState();
    const txBlocks = new Map<string, number>();
    const file = await BlockFile.open(ledgerDir, new OrgKeyring(keysDir), (block) => {
      replay(state, block);
      txBlocks.set(block.data.txId, block.header.number);
    });
    return new EmbeddedLedgerAdapter(file, options, state, txBlocks);
  }

  get height(): number {
    return this.blocks.chainHead.height;
  }

  async anchorBatch(submitterMspId: string, batch: AnchorBatchInput): Promise<AnchorResult> {
    const inv = await this.invoke(submitterMspId, 'AnchorBatch', [canonicalJson(batch)], true, batchIdOf(batch.merkleRoot, batch.attempt));
    const record = JSON.parse(inv.payload) as AnchorBatchAnswer;
    const replayed = record.txId !== inv.txId;
    return {
      batchId: record.batchId,
      merkleRoot: record.merkleRoot,
      txId: record.txId,
      blockNumber: replayed ? (this.txBlocks.get(record.txId) ?? inv.blockNumber) : inv.blockNumber,
      accepted: record.accepted,
      rejected: record.rejected,
      alreadyAnchored: record.alreadyAnchored,
      replayed,
      submitter: record.submitter,
      txTime: record.txTime,
      objects: await anchoredObjects(record, batch, (ids) => this.getObjects(ids), MAX_GET_OBJECTS),
    };
  }

  async getBatch(batchId: string): Promise<BatchRecord | undefined> {
    return this.queryOrUndefined<BatchRecord>('GetBatch', [batchId]);
  }

  async getObject(objectId: string): Promise<ObjectState | undefined> {
    return this.queryOrUndefined<ObjectState>('GetObject', [objectId]);
  }

  /** In-process GetObjects (no gRPC message limit here, so chunks are the contract's maximum). */
  private async getObjects(ids: readonly string[]): Promise<ObjectState[]> {
    return JSON.parse((await this.invoke('', 'GetObjects', [canonicalJson(ids)], false)).payload) as ObjectState[];
  }

  async getObjectHistory(objectId: string): Promise<ObjectHistoryEntry[]> {
    return JSON.parse((await this.invoke('', 'GetObjectHistory', [objectId], false)).payload) as ObjectHistoryEntry[];
  }

  async isAnchored(hashId: string): Promise<AnchorRecord | undefined> {
    const answer = JSON.parse((await this.invoke('', 'IsAnchored', [hashId], false)).payload) as { anchored: boolean } & AnchorRecord;
    if (!answer.anchored) return undefined;
    return { hashId: answer.hashId, batchId: answer.batchId, leafIndex: answer.leafIndex, txId: answer.txId };
  }

  async registerOrganization(callerMspId: string, organization: OrganizationInput): Promise<Organization> {
    return JSON.parse(
      (await this.invoke(callerMspId, 'RegisterOrganization', [canonicalJson(organization)], true)).payload,
    ) as Organization;
  }

  async getOrganization(mspId: string): Promise<Organization | undefined> {
    return this.queryOrUndefined<Organization>('GetOrganization', [mspId]);
  }

  async setHold(callerMspId: string, hold: HoldRequest): Promise<ObjectState> {
    return JSON.parse((await this.invoke(callerMspId, 'SetHold', [canonicalJson(hold)], true)).payload) as ObjectState;
  }

  async releaseHold(callerMspId: string, release: { readonly objectId: string; readonly kind: HoldKind }): Promise<ObjectState> {
    return JSON.parse((await this.invoke(callerMspId, 'ReleaseHold', [canonicalJson(release)], true)).payload) as ObjectState;
  }

  async listObjects(pageSize: number, bookmark = ''): Promise<Page<ObjectState>> {
    return JSON.parse((await this.invoke('', 'ListObjects', [String(pageSize), bookmark], false)).payload) as Page<ObjectState>;
  }

  async listBatches(pageSize: number, bookmark = ''): Promise<Page<BatchRecord>> {
    return JSON.parse((await this.invoke('', 'ListBatches', [String(pageSize), bookmark], false)).payload) as Page<BatchRecord>;
  }

  health(): Promise<LedgerHealth> {
    const head = this.blocks.chainHead;
    return Promise.resolve({
      ok: !this.closed,
      kind: 'embedded',
      height: head.height,
      detail: this.closed ? 'closed' : `head ${head.headHash}`,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.commitQueue.catch(() => undefined);
    await this.blocks.close();
  }

  private async queryOrUndefined<T>(fn: ContractFunction, args: string[]): Promise<T | undefined> {
    try {
      return JSON.parse((await this.invoke('', fn, args, false)).payload) as T;
    } catch (error) {
      if (error instanceof LedgerRejectedError && error.reason === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  private dispatch(fn: ContractFunction, ctx: Parameters<TraceContract['GetBatch']>[0], args: readonly string[]): Promise<string> {
    const c = this.contract;
    const a = (i: number): string => args[i] ?? '';
    switch (fn) {
      case 'RegisterOrganization':
        return c.RegisterOrganization(ctx, a(0));
      case 'GetOrganization':
        return c.GetOrganization(ctx, a(0));
      case 'AnchorBatch':
        return c.AnchorBatch(ctx, a(0));
      case 'SetHold':
        return c.SetHold(ctx, a(0));
      case 'ReleaseHold':
        return c.ReleaseHold(ctx, a(0));
      case 'GetBatch':
        return c.GetBatch(ctx, a(0));
      case 'GetObject':
        return c.GetObject(ctx, a(0));
      case 'GetObjects':
        return c.GetObjects(ctx, a(0));
      case 'GetObjectHistory':
        return c.GetObjectHistory(ctx, a(0));
      case 'IsAnchored':
        return c.IsAnchored(ctx, a(0));
      case 'ListObjects':
        return c.ListObjects(ctx, Number(a(0)), a(1));
      case 'ListBatches':
        return c.ListBatches(ctx, Number(a(0)), a(1));
    }
  }

  /** Endorse (simulate) → order → validate (MVCC) → commit; the whole flow again on a read conflict. */
  private async invoke(mspId: string, fn: ContractFunction, args: string[], submit: boolean, batchId?: string): Promise<Invocation> {
    if (this.closed) throw new LedgerUnavailableError('the embedded ledger is closed');
    const maxRetries = this.options.maxMvccRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const txId = randomBytes(32).toString('hex');
      const timestamp = nowTimestamp();
      if (submit) await this.options.onTxId?.({ txId, submitter: mspId, transaction: fn, batchId });
      const stub = new EmbeddedStub(this.state, txId, timestamp);
      const ctx = Object.assign(this.contract.createContext(), { stub, clientIdentity: new EmbeddedClientIdentity(mspId) });
      let payload: string;
      try {
        payload = await this.dispatch(fn, ctx, args);
      } catch (error) {
        throw contractError(error instanceof Error ? error.message : String(error), txId, error);
      }
      if (!submit) return { payload, txId, blockNumber: -1 };
      const { blockNumber, validation } = await this.serialised(() => this.commit(stub, { txId, creator: mspId, timestamp, fn, args }));
      if (validation === 'VALID') return { payload, txId, blockNumber };
      if (attempt >= maxRetries) throw new LedgerConflictError(`${fn}: MVCC_READ_CONFLICT after ${attempt + 1} attempts`, txId);
    }
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.commitQueue.then(task, task);
    this.commitQueue = run.catch(() => undefined);
    return run;
  }

  private async commit(
    stub: EmbeddedStub,
    tx: { txId: string; creator: string; timestamp: { seconds: number; nanos: number }; fn: string; args: string[] },
  ): Promise<{ blockNumber: number; validation: TxValidation }> {
    const rwset = stub.readWriteSet();
    const validation: TxValidation = mvccValid(this.state, rwset) ? 'VALID' : 'MVCC_READ_CONFLICT';
    const data: BlockTransaction = {
      txId: tx.txId,
      creator: tx.creator,
      timestamp: tx.timestamp,
      function: tx.fn,
      args: tx.args,
      reads: [...rwset.reads].map(([key, version]) => [key, version ?? null] as const),
      writes: [...rwset.writes].map(([key, value]) => [key, value === undefined ? null : decoder.decode(value)] as const),
      event: rwset.event === undefined ? null : { name: rwset.event.name, payload: decoder.decode(rwset.event.payload) },
    };
    const block = await this.blocks.append(data, validation);
    if (validation === 'VALID') {
      this.state.apply(rwset.writes, block.header.number, tx.txId, tx.timestamp);
      this.txBlocks.set(tx.txId, block.header.number);
    }
    return { blockNumber: block.header.number, validation };
  }
}

/** Re-applies a verified block's writes when the chain is opened. */
function replay(state: WorldState, block: Block): void {
  if (block.metadata.validation !== 'VALID') return;
  const writes = new Map<string, Uint8Array | undefined>(
    block.data.writes.map(([key, value]) => [key, value === null ? undefined : encoder.encode(value)]),
  );
  state.apply(writes, block.header.number, block.data.txId, block.data.timestamp);
}
