import * as grpc from '@grpc/grpc-js';
import { connect, EndorseError, hash, signers, StatusCode, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { canonicalJson } from '@lotledger/domain';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  AnchorBatchAnswer,
  AnchorBatchInput,
  AnchorRecord,
  BatchRecord,
  HoldKind,
  ObjectHistoryEntry,
  ObjectState,
  Organization,
  Page,
} from '../ledger.port.js';
import { anchoredObjects } from '../anchored-objects.js';
import { batchIdOf } from '../ledger.port.js';
import { LedgerConfigError, LedgerConflictError, LedgerRejectedError, LedgerUnavailableError } from '../ledger-errors.js';
import type { AnchorResult, HoldRequest, LedgerHealth, LedgerPort, OrganizationInput, TxIdListener } from '../ledger.port.js';
import { fabricConfigFromEnv, type FabricConfig } from './fabric-config.js';
import { mapFabricError, validationCodeName } from './fabric-errors.js';

export type FabricLedgerOptions = Readonly<{
  config: FabricConfig;
  /** Called with each transaction id before it is submitted (persist it so a retry can be matched). */
  onTxId?: TxIdListener | undefined;
  /** Re-runs of endorse → submit after an MVCC read conflict (default 5). */
  maxMvccRetries?: number | undefined;
}>;

interface Member {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly contract: Contract;
}

const decoder = new TextDecoder();
const ENDORSEMENT_RETRY_MS = 100;
/**
 * Ids per GetObjects evaluation: an item's state is ~0.5 KiB of JSON (commissioned and shipped),
 * so 500 answer ~0.3 MiB — under gRPC's 4 MiB default even for states ten times larger (a
 * container with many children). The contract itself allows MAX_GET_OBJECTS.
 */
const GET_OBJECTS_CHUNK = 500;
/**
 * Safety margin only: grpc-js refuses any received message over 4 MiB by default, which a large
 * query answer (a long history, a big page) could pass; the chunking above is what keeps
 * GetObjects answers small.
 */
const MAX_RECEIVE_MESSAGE_BYTES = 32 * 1024 * 1024;

function isStaleEndorsement(error: unknown): boolean {
  return (
    error instanceof EndorseError &&
    error.details.length > 0 &&
    error.details.every((d) => d.message.includes('ProposalResponsePayloads do not match'))
  );
}

function deadline(ms: number): () => grpc.CallOptions {
  return () => ({ deadline: Date.now() + ms });
}

/**
 * The ledger port on Hyperledger Fabric through the Gateway client. One gRPC connection per peer
 * (shared by identities that use the same peer), one Gateway per organisation it submits for;
 * every batch is signed by its submitter's identity. Evaluations go through the first identity.
 */
export class FabricLedgerAdapter implements LedgerPort {
  private constructor(
    private readonly options: FabricLedgerOptions,
    private readonly members: ReadonlyMap<string, Member>,
    private readonly clients: readonly grpc.Client[],
  ) {}

  /** Connects with the FABRIC_* settings of `env` (see fabric-config.ts). */
  static async fromEnv(
    env: Readonly<Record<string, string | undefined>>,
    options: Omit<FabricLedgerOptions, 'config'> = {},
  ): Promise<FabricLedgerAdapter> {
    return FabricLedgerAdapter.connect({ ...options, config: fabricConfigFromEnv(env) });
  }

  static async connect(options: FabricLedgerOptions): Promise<FabricLedgerAdapter> {
    const { config } = options;
    const clients = new Map<string, grpc.Client>();
    const members = new Map<string, Member>();
    try {
      for (const id of config.identities) {
        const [tlsCa, cert, key] = await Promise.all([readFile(id.tlsCaPath), readFile(id.certPath), readFile(id.keyPath)]).catch(
          (error: unknown) => {
            throw new LedgerConfigError(
              `Fabric identity ${id.mspId}: cannot read its TLS CA, certificate or key: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        );
        const clientKey = `${id.peerEndpoint}|${id.peerHostAlias}|${id.tlsCaPath}`;
        let client = clients.get(clientKey);
        if (client === undefined) {
          client = new grpc.Client(id.peerEndpoint, grpc.credentials.createSsl(tlsCa), {
            'grpc.ssl_target_name_override': id.peerHostAlias,
            'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
          });
          clients.set(clientKey, client);
        }
        const gateway = connect({
          client,
          identity: { mspId: id.mspId, credentials: cert },
          signer: signers.newPrivateKeySigner(createPrivateKey(key)),
          hash: hash.sha256,
          evaluateOptions: deadline(config.deadlineMs),
          endorseOptions: deadline(config.deadlineMs),
          submitOptions: deadline(config.deadlineMs),
          commitStatusOptions: deadline(config.deadlineMs * 2),
        });
        const network = gateway.getNetwork(config.channel);
        members.set(id.mspId, { gateway, network, contract: network.getContract(config.chaincode) });
      }
    } catch (error) {
      for (const m of members.values()) m.gateway.close();
      for (const c of clients.values()) c.close();
      throw error;
    }
    if (members.size === 0) throw new LedgerConfigError('Fabric ledger configuration: no identity');
    return new FabricLedgerAdapter(options, members, [...clients.values()]);
  }

  async anchorBatch(submitterMspId: string, batch: AnchorBatchInput): Promise<AnchorResult> {
    const { payload, txId, blockNumber } = await this.submit(
      submitterMspId,
      'AnchorBatch',
      [canonicalJson(batch)],
      batchIdOf(batch.merkleRoot, batch.attempt),
    );
    const record = JSON.parse(payload) as AnchorBatchAnswer;
    const replayed = record.txId !== txId;
    return {
      batchId: record.batchId,
      merkleRoot: record.merkleRoot,
      txId: record.txId,
      blockNumber: replayed ? await this.blockOf(record.txId) : blockNumber,
      accepted: record.accepted,
      rejected: record.rejected,
      alreadyAnchored: record.alreadyAnchored,
      replayed,
      submitter: record.submitter,
      txTime: record.txTime,
      objects: await anchoredObjects(record, batch, (ids) => this.getObjects(submitterMspId, ids), GET_OBJECTS_CHUNK),
    };
  }

  getBatch(batchId: string): Promise<BatchRecord | undefined> {
    return this.evaluateOrUndefined<BatchRecord>('GetBatch', [batchId]);
  }

  getObject(objectId: string): Promise<ObjectState | undefined> {
    return this.evaluateOrUndefined<ObjectState>('GetObject', [objectId]);
  }

  /**
   * Evaluated on the submitter's own Gateway: its peer reported the batch's commit status, so it
   * has committed that block and answers the new states (another peer may still lag behind).
   */
  private async getObjects(mspId: string, ids: readonly string[]): Promise<ObjectState[]> {
    try {
      return JSON.parse(
        decoder.decode(await this.member(mspId).contract.evaluateTransaction('GetObjects', canonicalJson(ids))),
      ) as ObjectState[];
    } catch (error) {
      throw mapFabricError(error);
    }
  }

  async getObjectHistory(objectId: string): Promise<ObjectHistoryEntry[]> {
    return JSON.parse(await this.evaluate('GetObjectHistory', [objectId])) as ObjectHistoryEntry[];
  }

  async isAnchored(hashId: string): Promise<AnchorRecord | undefined> {
    const answer = JSON.parse(await this.evaluate('IsAnchored', [hashId])) as { anchored: boolean } & AnchorRecord;
    if (!answer.anchored) return undefined;
    return { hashId: answer.hashId, batchId: answer.batchId, leafIndex: answer.leafIndex, txId: answer.txId };
  }

  async registerOrganization(callerMspId: string, organization: OrganizationInput): Promise<Organization> {
    return JSON.parse((await this.submit(callerMspId, 'RegisterOrganization', [canonicalJson(organization)])).payload) as Organization;
  }

  getOrganization(mspId: string): Promise<Organization | undefined> {
    return this.evaluateOrUndefined<Organization>('GetOrganization', [mspId]);
  }

  async setHold(callerMspId: string, hold: HoldRequest): Promise<ObjectState> {
    return JSON.parse((await this.submit(callerMspId, 'SetHold', [canonicalJson(hold)])).payload) as ObjectState;
  }

  async releaseHold(callerMspId: string, release: { readonly objectId: string; readonly kind: HoldKind }): Promise<ObjectState> {
    return JSON.parse((await this.submit(callerMspId, 'ReleaseHold', [canonicalJson(release)])).payload) as ObjectState;
  }

  async listObjects(pageSize: number, bookmark = ''): Promise<Page<ObjectState>> {
    return JSON.parse(await this.evaluate('ListObjects', [String(pageSize), bookmark])) as Page<ObjectState>;
  }

  async listBatches(pageSize: number, bookmark = ''): Promise<Page<BatchRecord>> {
    return JSON.parse(await this.evaluate('ListBatches', [String(pageSize), bookmark])) as Page<BatchRecord>;
  }

  async health(): Promise<LedgerHealth> {
    try {
      // Any answer from the chaincode (even NOT_FOUND) proves peer, channel and chaincode are up.
      await this.getOrganization('__health__');
      return { ok: true, kind: 'fabric', detail: `channel ${this.options.config.channel}, chaincode ${this.options.config.chaincode}` };
    } catch (error) {
      return { ok: false, kind: 'fabric', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    for (const m of this.members.values()) m.gateway.close();
    for (const c of this.clients) c.close();
    return Promise.resolve();
  }

  private member(mspId: string): Member {
    const member = this.members.get(mspId);
    if (member === undefined)
      throw new LedgerConfigError(`no Fabric identity for ${mspId} (FABRIC_IDENTITIES lists ${[...this.members.keys()].join(', ')})`);
    return member;
  }

  private reader(): Member {
    const first = this.members.values().next();
    if (first.done === true) throw new LedgerUnavailableError('no Fabric identity');
    return first.value;
  }

  private async evaluate(fn: string, args: readonly string[]): Promise<string> {
    try {
      return decoder.decode(await this.reader().contract.evaluateTransaction(fn, ...args));
    } catch (error) {
      throw mapFabricError(error);
    }
  }

  private async evaluateOrUndefined<T>(fn: string, args: readonly string[]): Promise<T | undefined> {
    try {
      return JSON.parse(await this.evaluate(fn, args)) as T;
    } catch (error) {
      if (error instanceof LedgerRejectedError && error.reason === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** endorse → submit → commit status; the whole flow again, with a new transaction id, only on an MVCC read conflict. */
  private async submit(
    mspId: string,
    fn: string,
    args: readonly string[],
    batchId?: string,
  ): Promise<{ payload: string; txId: string; blockNumber: number }> {
    const { contract } = this.member(mspId);
    const maxRetries = this.options.maxMvccRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const proposal = contract.newProposal(fn, { arguments: [...args] });
      const txId = proposal.getTransactionId();
      await this.options.onTxId?.({ txId, submitter: mspId, transaction: fn, batchId });
      let status;
      let payload: string;
      try {
        const transaction = await proposal.endorse();
        payload = decoder.decode(transaction.getResult());
        const submitted = await transaction.submit();
        status = await submitted.getStatus();
      } catch (error) {
        // Endorsers that disagree have read different versions: one peer has not yet committed the
        // block that the last transaction landed in. That is the endorsement-time face of an MVCC
        // read conflict, so it gets the same treatment: the whole flow again, after that block.
        if (isStaleEndorsement(error) && attempt < maxRetries) {
          await sleep(ENDORSEMENT_RETRY_MS * (attempt + 1));
          continue;
        }
        throw mapFabricError(error, txId);
      }
      if (status.successful) return { payload, txId, blockNumber: Number(status.blockNumber) };
      const conflict = status.code === StatusCode.MVCC_READ_CONFLICT || status.code === StatusCode.PHANTOM_READ_CONFLICT;
      if (!conflict)
        throw new LedgerRejectedError(
          validationCodeName(status.code),
          `${fn} transaction ${txId} was invalidated: ${validationCodeName(status.code)}`,
          txId,
        );
      if (attempt >= maxRetries)
        throw new LedgerConflictError(`${fn}: ${validationCodeName(status.code)} after ${attempt + 1} attempts`, txId);
    }
  }

  /** The block of a committed transaction, from the channel's query system chaincode. */
  private async blockOf(txId: string): Promise<number> {
    try {
      const bytes = await this.reader()
        .network.getContract('qscc')
        .evaluateTransaction('GetBlockByTxID', this.options.config.channel, txId);
      return common.Block.deserializeBinary(bytes).getHeader()?.getNumber() ?? -1;
    } catch (error) {
      throw mapFabricError(error, txId);
    }
  }
}
