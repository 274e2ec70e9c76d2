import { canonicalJson, MerkleTree } from '@lotledger/domain';
import contractApi, { Context, Contract } from 'fabric-contract-api';
import { batchIdOf, InvalidArgumentError, parseAnchorBatch } from './batch-facts.js';
import { applyHold, EventEvaluation, releaseHold, type RulesWorld } from './custody-rules.js';
import { gs1CheckDigit } from './gs1-ownership.js';
import {
  HOLD_KINDS,
  MAX_GET_OBJECTS,
  ORG_ROLES,
  type AnchorBatchAnswer,
  type AnchorRecord,
  type BatchRecord,
  type HoldKind,
  type ObjectHistoryEntry,
  type ObjectState,
  type Organization,
  type Page,
  type RejectedEvent,
} from './ledger-records.js';
import { EventRejection } from './rejection.js';
import { stateKey } from './state-keys.js';
import { drain, timestampIso, traceContext, type TraceContext } from './trace-context.js';

// fabric-contract-api is CommonJS and assigns its decorators with Object.assign, which Node's
// ESM named-export detection cannot see: take them from the default export.
const { Info, Returns, Transaction } = contractApi;

/** A refusal of the whole transaction; the message starts with the code so clients can map it. */
export class TraceError extends Error {
  override readonly name = 'TraceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The one writer of ledger bytes: canonical JSON, keys sorted (RFC 8785). */
function marshal(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

function unmarshal(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}

function isPresent(bytes: Uint8Array | undefined): bytes is Uint8Array {
  return bytes !== undefined && bytes.length > 0;
}

function parseJsonObject(json: string, what: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new TraceError('INVALID_ARGUMENT', `${what} is not JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TraceError('INVALID_ARGUMENT', `${what} must be a JSON object`);
  return raw as Record<string, unknown>;
}

function requireString(obj: Record<string, unknown>, key: string, what: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') throw new TraceError('INVALID_ARGUMENT', `${what}.${key} must be a non-empty string`);
  return v;
}

function stringList(obj: Record<string, unknown>, key: string, what: string, pattern: RegExp): string[] {
  const v = obj[key] ?? [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && pattern.test(x))) {
    throw new TraceError('INVALID_ARGUMENT', `${what}.${key} must be an array of strings matching ${String(pattern)}`);
  }
  return [...new Set(v)].sort();
}

function parseHoldKind(value: unknown): HoldKind {
  if (typeof value !== 'string' || !(HOLD_KINDS as readonly string[]).includes(value))
    throw new TraceError('INVALID_ARGUMENT', `kind must be one of ${HOLD_KINDS.join(', ')}`);
  return value as HoldKind;
}

const MAX_PAGE_SIZE = 1000;

/** Sorted, distinct ids of a GetObjects argument; refuses anything but 0..MAX_GET_OBJECTS strings. */
function parseIdList(json: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new TraceError('INVALID_ARGUMENT', 'ids is not JSON');
  }
  if (!Array.isArray(raw) || !raw.every((id): id is string => typeof id === 'string' && id !== ''))
    throw new TraceError('INVALID_ARGUMENT', 'ids must be a JSON array of non-empty strings');
  if (raw.length > MAX_GET_OBJECTS)
    throw new TraceError('INVALID_ARGUMENT', `at most ${String(MAX_GET_OBJECTS)} ids per GetObjects, got ${String(raw.length)}`);
  return [...new Set(raw)].sort();
}

@Info({ title: 'TraceContract', description: 'lotledger trace chaincode: organisations, batch anchoring with custody rules, object state' })
export class TraceContract extends Contract {
  constructor() {
    super('trace');
  }

  // ─── organisations ────────────────────────────────────────────────────────────────────

  /**
   * Policy: while no regulator is registered, the first regulator registers itself (bootstrap);
   * from then on only a registered regulator registers or updates organisations.
   */
  @Transaction()
  @Returns('string')
  async RegisterOrganization(context: Context, organizationJson: string): Promise<string> {
    const ctx = traceContext(context);
    const raw = parseJsonObject(organizationJson, 'organization');
    const caller = ctx.clientIdentity.getMSPID();
    const role = requireString(raw, 'role', 'organization');
    if (!(ORG_ROLES as readonly string[]).includes(role))
      throw new TraceError('INVALID_ARGUMENT', `organization.role must be one of ${ORG_ROLES.join(', ')}`);
    const glns = stringList(raw, 'glns', 'organization', /^\d{13}$/);
    for (const gln of glns) {
      if (gs1CheckDigit(gln.slice(0, 12)) !== Number(gln.slice(12)))
        throw new TraceError('INVALID_ARGUMENT', `GLN ${gln} has a wrong check digit`);
    }
    const org: Organization = {
      mspId: requireString(raw, 'mspId', 'organization'),
      name: requireString(raw, 'name', 'organization'),
      role: role as Organization['role'],
      companyPrefixes: stringList(raw, 'companyPrefixes', 'organization', /^\d{6,12}$/),
      glns,
      registeredBy: caller,
      updatedAt: timestampIso(ctx.stub.getTxTimestamp()),
    };
    const markerKey = stateKey(ctx.stub, 'regulatorMarker');
    const regulatorExists = isPresent(await ctx.stub.getState(markerKey));
    if (!regulatorExists) {
      if (org.role !== 'regulator' || org.mspId !== caller)
        throw new TraceError('FORBIDDEN', 'no regulator is registered yet: the first registration must be a regulator registering itself');
    } else {
      const callerOrg = await this.#readOrganizationOrUndefined(ctx, caller);
      if (callerOrg?.role !== 'regulator')
        throw new TraceError('FORBIDDEN', `only a regulator registers organisations; ${caller} is ${callerOrg?.role ?? 'not registered'}`);
    }
    for (const other of await this.#listOrganizations(ctx)) {
      if (other.mspId === org.mspId) continue;
      const clash = org.companyPrefixes.find((p) => other.companyPrefixes.some((q) => p.startsWith(q) || q.startsWith(p)));
      if (clash !== undefined) throw new TraceError('PREFIX_CONFLICT', `company prefix ${clash} overlaps one of ${other.mspId}`);
    }
    await ctx.stub.putState(stateKey(ctx.stub, 'organization', org.mspId), marshal(org));
    if (org.role === 'regulator') await ctx.stub.putState(markerKey, marshal({ mspId: org.mspId }));
    ctx.stub.setEvent('OrganizationRegistered', marshal(org));
    return canonicalJson(org);
  }

  @Transaction(false)
  @Returns('string')
  async GetOrganization(context: Context, mspId: string): Promise<string> {
    const ctx = traceContext(context);
    const org = await this.#readOrganizationOrUndefined(ctx, mspId);
    if (org === undefined) throw new TraceError('NOT_FOUND', `organisation ${mspId} is not registered`);
    return canonicalJson(org);
  }

  @Transaction(false)
  @Returns('string')
  async ListOrganizations(context: Context, pageSize: number, bookmark: string): Promise<string> {
    const ctx = traceContext(context);
    return canonicalJson(await this.#page<Organization>(ctx, 'org', pageSize, bookmark));
  }

  // ─── anchoring ────────────────────────────────────────────────────────────────────────

  /**
   * Anchors a batch: the root must be the RFC 9162 Merkle root of the hash IDs in batch order;
   * events anchored before are ignored; every other event passes the custody rules or is
   * rejected alone, with a code. Answers the batch record plus the sorted ids of the objects it
   * changed (AnchorBatchAnswer; their states come from GetObjects); replaying a batch (same root and
   * retry attempt) returns its stored record.
   */
  @Transaction()
  @Returns('string')
  async AnchorBatch(context: Context, batchJson: string): Promise<string> {
    const ctx = traceContext(context);
    let batch;
    try {
      batch = parseAnchorBatch(batchJson);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new TraceError(error.code, error.message);
      throw error;
    }
    const submitter = await this.#readOrganization(ctx, ctx.clientIdentity.getMSPID());
    const hashIds = batch.events.map((e) => e.hashId);
    const root = MerkleTree.fromLeaves(hashIds).rootHex;
    if (root !== batch.merkleRoot)
      throw new TraceError('MERKLE_ROOT_MISMATCH', `the hash IDs give root ${root}, the batch says ${batch.merkleRoot}`);

    const batchId = batchIdOf(root, batch.attempt);
    const batchKey = stateKey(ctx.stub, 'batch', batchId);
    const previous = await ctx.stub.getState(batchKey);
    if (isPresent(previous)) return decoder.decode(previous);

    const txId = ctx.stub.getTxID();
    const txTime = timestampIso(ctx.stub.getTxTimestamp());
    const world = new BatchWorld(ctx, this);
    const accepted: string[] = [];
    const rejected: RejectedEvent[] = [];
    const alreadyAnchored: string[] = [];
    const anchors: AnchorRecord[] = [];
    const seen = new Set<string>();
    for (const [leafIndex, event] of batch.events.entries()) {
      if (seen.has(event.hashId) || isPresent(await ctx.stub.getState(stateKey(ctx.stub, 'anchoredEvent', event.hashId)))) {
        alreadyAnchored.push(event.hashId);
        seen.add(event.hashId);
        continue;
      }
      seen.add(event.hashId);
      try {
        const changes = await new EventEvaluation(world, event, { submitter, txId, txTime }).evaluate();
        world.apply(changes);
        accepted.push(event.hashId);
        anchors.push({ hashId: event.hashId, batchId, leafIndex, txId });
      } catch (error) {
        if (!(error instanceof EventRejection)) throw error;
        rejected.push({ hashId: event.hashId, code: error.code, reason: error.reason });
      }
    }
    const record: BatchRecord = {
      batchId,
      merkleRoot: root,
      ...(batch.attempt === undefined ? {} : { attempt: batch.attempt }),
      count: hashIds.length,
      hashIds,
      accepted,
      rejected,
      alreadyAnchored,
      submitter: submitter.mspId,
      txId,
      txTime,
    };
    const objects = world.changed();
    for (const state of objects) await ctx.stub.putState(stateKey(ctx.stub, 'object', state.id), marshal(state));
    for (const anchor of anchors) await ctx.stub.putState(stateKey(ctx.stub, 'anchoredEvent', anchor.hashId), marshal(anchor));
    const recordJson = canonicalJson(record);
    await ctx.stub.putState(batchKey, encoder.encode(recordJson));
    ctx.stub.setEvent(
      'BatchAnchored',
      marshal({ batchId, merkleRoot: root, submitter: submitter.mspId, txId, accepted, rejected, alreadyAnchored }),
    );
    // The answer is the transaction's response payload, which Fabric also writes into the block:
    // only the changed ids go in (small), never their states — those are read back with GetObjects.
    const answer: AnchorBatchAnswer = { ...record, changedObjectIds: objects.map((s) => s.id) };
    return canonicalJson(answer);
  }

  // ─── holds: recall and quarantine by transaction ─────────────────────────────────────

  /** `{objectId, kind: "recall"|"quarantine", reason}` — by the owner, the custodian or a regulator. */
  @Transaction()
  @Returns('string')
  async SetHold(context: Context, holdJson: string): Promise<string> {
    const ctx = traceContext(context);
    const raw = parseJsonObject(holdJson, 'hold');
    const kind = parseHoldKind(raw['kind']);
    const org = await this.#readOrganization(ctx, ctx.clientIdentity.getMSPID());
    const state = await this.#readObject(ctx, requireString(raw, 'objectId', 'hold'));
    const next = this.#coded(() =>
      applyHold(
        state,
        kind,
        { submitter: org, txId: ctx.stub.getTxID(), txTime: timestampIso(ctx.stub.getTxTimestamp()) },
        requireString(raw, 'reason', 'hold'),
      ),
    );
    const written: ObjectState = { ...next, updatedTxId: ctx.stub.getTxID() };
    await ctx.stub.putState(stateKey(ctx.stub, 'object', state.id), marshal(written));
    ctx.stub.setEvent('HoldSet', marshal({ objectId: state.id, kind, setBy: org.mspId }));
    return canonicalJson(written);
  }

  /** `{objectId, kind}` — only the organisation that set the hold releases it. */
  @Transaction()
  @Returns('string')
  async ReleaseHold(context: Context, releaseJson: string): Promise<string> {
    const ctx = traceContext(context);
    const raw = parseJsonObject(releaseJson, 'release');
    const kind = parseHoldKind(raw['kind']);
    const org = await this.#readOrganization(ctx, ctx.clientIdentity.getMSPID());
    const state = await this.#readObject(ctx, requireString(raw, 'objectId', 'release'));
    if (!state.holds.some((h) => h.kind === kind)) throw new TraceError('NO_SUCH_HOLD', `${state.id} is not under ${kind}`);
    const next = this.#coded(() => releaseHold(state, kind, org.mspId));
    const written: ObjectState = { ...next, updatedTxId: ctx.stub.getTxID() };
    await ctx.stub.putState(stateKey(ctx.stub, 'object', state.id), marshal(written));
    ctx.stub.setEvent('HoldReleased', marshal({ objectId: state.id, kind, releasedBy: org.mspId }));
    return canonicalJson(written);
  }

  // ─── queries ──────────────────────────────────────────────────────────────────────────

  @Transaction(false)
  @Returns('string')
  async GetBatch(context: Context, batchId: string): Promise<string> {
    const ctx = traceContext(context);
    const bytes = await ctx.stub.getState(stateKey(ctx.stub, 'batch', batchId));
    if (!isPresent(bytes)) throw new TraceError('NOT_FOUND', `batch ${batchId} does not exist`);
    return decoder.decode(bytes);
  }

  @Transaction(false)
  @Returns('string')
  async GetObject(context: Context, objectId: string): Promise<string> {
    const ctx = traceContext(context);
    return canonicalJson(await this.#readObject(ctx, objectId));
  }

  /**
   * The states of up to MAX_GET_OBJECTS ids (a JSON array of strings), in id order, duplicates
   * once; ids never commissioned are left out. Read-only: clients evaluate it after AnchorBatch.
   */
  @Transaction(false)
  @Returns('string')
  async GetObjects(context: Context, idsJson: string): Promise<string> {
    const ctx = traceContext(context);
    const ids = parseIdList(idsJson);
    const states: ObjectState[] = [];
    for (const id of ids) {
      const state = await this.readObjectOrUndefined(ctx, id);
      if (state !== undefined) states.push(state);
    }
    return canonicalJson(states);
  }

  @Transaction(false)
  @Returns('string')
  async GetObjectHistory(context: Context, objectId: string): Promise<string> {
    const ctx = traceContext(context);
    const mods = await drain(await ctx.stub.getHistoryForKey(stateKey(ctx.stub, 'object', objectId)));
    const entries: ObjectHistoryEntry[] = mods.map((m) => ({
      txId: m.txId,
      timestamp: timestampIso(m.timestamp),
      isDelete: m.isDelete,
      state: m.isDelete || m.value.length === 0 ? undefined : (unmarshal(m.value) as ObjectState),
    }));
    return canonicalJson(entries);
  }

  @Transaction(false)
  @Returns('string')
  async IsAnchored(context: Context, hashId: string): Promise<string> {
    const ctx = traceContext(context);
    const bytes = await ctx.stub.getState(stateKey(ctx.stub, 'anchoredEvent', hashId));
    return canonicalJson(isPresent(bytes) ? { anchored: true, ...(unmarshal(bytes) as AnchorRecord) } : { anchored: false, hashId });
  }

  @Transaction(false)
  @Returns('string')
  async ListObjects(context: Context, pageSize: number, bookmark: string): Promise<string> {
    const ctx = traceContext(context);
    return canonicalJson(await this.#page<ObjectState>(ctx, 'obj', pageSize, bookmark));
  }

  @Transaction(false)
  @Returns('string')
  async ListBatches(context: Context, pageSize: number, bookmark: string): Promise<string> {
    const ctx = traceContext(context);
    return canonicalJson(await this.#page<BatchRecord>(ctx, 'batch', pageSize, bookmark));
  }

  // ─── private ──────────────────────────────────────────────────────────────────────────

  /** Reads an object's state; undefined when it was never commissioned. */
  async readObjectOrUndefined(ctx: TraceContext, objectId: string): Promise<ObjectState | undefined> {
    const bytes = await ctx.stub.getState(stateKey(ctx.stub, 'object', objectId));
    return isPresent(bytes) ? (unmarshal(bytes) as ObjectState) : undefined;
  }

  async #readObject(ctx: TraceContext, objectId: string): Promise<ObjectState> {
    const state = await this.readObjectOrUndefined(ctx, objectId);
    if (state === undefined) throw new TraceError('NOT_FOUND', `object ${objectId} does not exist`);
    return state;
  }

  async #readOrganizationOrUndefined(ctx: TraceContext, mspId: string): Promise<Organization | undefined> {
    const bytes = await ctx.stub.getState(stateKey(ctx.stub, 'organization', mspId));
    return isPresent(bytes) ? (unmarshal(bytes) as Organization) : undefined;
  }

  async #readOrganization(ctx: TraceContext, mspId: string): Promise<Organization> {
    const org = await this.#readOrganizationOrUndefined(ctx, mspId);
    if (org === undefined) throw new TraceError('UNKNOWN_ORGANIZATION', `organisation ${mspId} is not registered`);
    return org;
  }

  async listOrganizations(ctx: TraceContext): Promise<Organization[]> {
    return this.#listOrganizations(ctx);
  }

  async #listOrganizations(ctx: TraceContext): Promise<Organization[]> {
    const kvs = await drain(await ctx.stub.getStateByPartialCompositeKey('org', []));
    return kvs.map((kv) => unmarshal(kv.value) as Organization);
  }

  async #page<T>(ctx: TraceContext, keyType: string, pageSize: number, bookmark: string): Promise<Page<T>> {
    const size = Math.trunc(pageSize);
    if (!Number.isFinite(size) || size < 1 || size > MAX_PAGE_SIZE)
      throw new TraceError('INVALID_ARGUMENT', `pageSize must be 1..${MAX_PAGE_SIZE}`);
    const page = await ctx.stub.getStateByPartialCompositeKeyWithPagination(keyType, [], size, bookmark);
    const kvs = await drain(page.iterator);
    return {
      records: kvs.map((kv) => unmarshal(kv.value) as T),
      bookmark: page.metadata.bookmark,
      fetchedRecordsCount: page.metadata.fetchedRecordsCount,
    };
  }

  #coded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof EventRejection) throw new TraceError(error.code, error.reason);
      throw error;
    }
  }
}

/**
 * The batch's view of world state. Fabric's getState does not see the transaction's own
 * writes, so later events of a batch read earlier events' results from here.
 */
class BatchWorld implements RulesWorld {
  private readonly cache = new Map<string, ObjectState | undefined>();
  private readonly dirty = new Set<string>();
  private orgs: readonly Organization[] | undefined;

  constructor(
    private readonly ctx: TraceContext,
    private readonly contract: TraceContract,
  ) {}

  async getObject(id: string): Promise<ObjectState | undefined> {
    if (this.cache.has(id)) return this.cache.get(id);
    const state = await this.contract.readObjectOrUndefined(this.ctx, id);
    this.cache.set(id, state);
    return state;
  }

  async organizations(): Promise<readonly Organization[]> {
    this.orgs ??= await this.contract.listOrganizations(this.ctx);
    return this.orgs;
  }

  apply(changes: readonly ObjectState[]): void {
    for (const state of changes) {
      this.cache.set(state.id, state);
      this.dirty.add(state.id);
    }
  }

  /** Changed objects in key order, so every peer writes the same sequence. */
  changed(): ObjectState[] {
    return [...this.dirty].sort().flatMap((id) => {
      const state = this.cache.get(id);
      return state === undefined ? [] : [state];
    });
  }
}
