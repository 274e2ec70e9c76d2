import { claimedParties, PARTY_SOURCE_DEST_TYPES, RECEIVING_BIZ_STEPS } from '@lotledger/domain';
import type { EventFacts, TypedRef } from './batch-facts.js';
import { isClassLevelId, ownsId } from './gs1-ownership.js';
import { TERMINAL_STATUSES, type HoldKind, type ObjectState, type ObjectStatus, type Organization } from './ledger-records.js';
import { reject } from './rejection.js';

/** Read access to object state as the batch has left it so far, and to registered organisations. */
export interface RulesWorld {
  getObject(id: string): Promise<ObjectState | undefined>;
  organizations(): Promise<readonly Organization[]>;
}

export interface RulesContext {
  readonly submitter: Organization;
  readonly txId: string;
  readonly txTime: string;
}

// The same definitions ingest checks with, from the domain: one rule, checked twice.
const PARTY_TYPES = PARTY_SOURCE_DEST_TYPES;
const RECEIVING_STEPS = RECEIVING_BIZ_STEPS;
const SELLING_STEPS: ReadonlyMap<string, ObjectStatus> = new Map([
  ['retail_selling', 'sold'],
  ['dispensing', 'dispensed'],
]);
/** Persistent dispositions that put a hold on an object. */
const HOLD_DISPOSITIONS: ReadonlyMap<string, HoldKind> = new Map([['recalled', 'recall']]);
const MAX_CONTAINMENT_DEPTH = 8;

export function isTerminal(status: ObjectStatus): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * The custody rules for one event. Changes are collected in a draft and only handed back when
 * every rule passed, so a rejected event leaves no trace; the first broken rule names the code.
 */
export class EventEvaluation {
  private readonly draft = new Map<string, ObjectState>();

  constructor(
    private readonly world: RulesWorld,
    private readonly event: EventFacts,
    private readonly ctx: RulesContext,
  ) {}

  /** Runs every rule; throws EventRejection, or returns the object states to write. */
  async evaluate(): Promise<ObjectState[]> {
    this.checkParties();
    const e = this.event;
    switch (e.type) {
      case 'ObjectEvent':
        await this.objectEvent();
        break;
      case 'AggregationEvent':
        await this.aggregationEvent();
        break;
      case 'TransformationEvent':
        await this.transformationEvent();
        break;
      case 'TransactionEvent':
      case 'AssociationEvent':
        await this.touchExisting(this.primaryIds());
        break;
    }
    await this.applyPersistentDisposition();
    return [...this.draft.values()];
  }

  private get submitter(): string {
    return this.ctx.submitter.mspId;
  }

  private get location(): string | undefined {
    return this.event.bizLocation ?? this.event.readPoint;
  }

  /** The submitter speaks only for its own readPoint, bizLocation and source (or, receiving, destination) party. */
  private checkParties(): void {
    const org = this.ctx.submitter;
    // The domain says which locations and parties the submitter speaks for (receiving: the
    // destination, since the source names the sender); ingest applies the same definition.
    for (const claim of claimedParties(this.event)) {
      if (ownsId(org, claim.id)) continue;
      if (claim.field === 'readPoint' || claim.field === 'bizLocation') {
        reject('NOT_OWNER_OF_LOCATION', `${claim.field} ${claim.id} is not a location of ${org.mspId}`);
      }
      if (claim.type === 'location') reject('NOT_OWNER_OF_SOURCE', `source location ${claim.id} is not a location of ${org.mspId}`);
      reject(
        claim.field === 'destinationList' ? 'NOT_OWNER_OF_DESTINATION' : 'NOT_OWNER_OF_SOURCE',
        `${String(claim.type)} ${claim.id} is not a party of ${org.mspId}`,
      );
    }
  }

  private primaryIds(): string[] {
    const e = this.event;
    const ids = [...e.epcs, ...e.quantityClasses, ...e.childEpcs];
    if (e.parentId !== undefined) ids.push(e.parentId);
    return [...new Set(ids)];
  }

  private async read(id: string): Promise<ObjectState | undefined> {
    return this.draft.get(id) ?? (await this.world.getObject(id));
  }

  private async existing(id: string): Promise<ObjectState> {
    const state = await this.read(id);
    if (state === undefined) return reject('UNKNOWN_OBJECT', `${id} was never commissioned`);
    if (isTerminal(state.status)) return reject('OBJECT_TERMINATED', `${id} is ${state.status}`);
    return state;
  }

  private write(state: ObjectState, change: Partial<ObjectState>): ObjectState {
    const next: ObjectState = {
      ...state,
      ...change,
      lastEventHash: this.event.hashId,
      lastEventTime: this.event.eventTime,
      updatedTxId: this.ctx.txId,
    };
    this.draft.set(next.id, next);
    return next;
  }

  private fresh(id: string, extra: Partial<ObjectState> = {}): ObjectState {
    return this.write(
      {
        id,
        classLevel: isClassLevelId(id),
        status: 'active',
        owner: this.submitter,
        custodian: this.submitter,
        location: this.location,
        children: [],
        madeFrom: [],
        holds: [],
        lastEventHash: '',
        lastEventTime: '',
        updatedTxId: '',
      },
      extra,
    );
  }

  private requireCustody(state: ObjectState, code: 'NOT_CUSTODIAN' | 'CHILD_NOT_HELD' | 'INPUT_NOT_HELD'): void {
    if (state.classLevel) return;
    if (state.custodian !== this.submitter) reject(code, `${state.id} is held by ${state.custodian}, not ${this.submitter}`);
    if (state.status === 'in_transit')
      reject(code === 'NOT_CUSTODIAN' ? 'IN_TRANSIT' : code, `${state.id} is in transit to ${state.expectedReceiverMsp ?? 'a receiver'}`);
  }

  private requireNoHold(state: ObjectState, what: string): void {
    const hold = state.holds[0];
    if (hold !== undefined) reject('OBJECT_ON_HOLD', `${state.id} is under ${hold.kind} by ${hold.setBy} and cannot be ${what}`);
  }

  private async touchExisting(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) reject('NO_OBJECTS', 'the event names no object');
    for (const id of ids) {
      const state = await this.existing(id);
      const moved = state.custodian === this.submitter && state.status === 'active' && this.location !== undefined;
      this.write(state, moved ? { location: this.location } : {});
    }
  }

  private async objectEvent(): Promise<void> {
    const e = this.event;
    const ids = [...new Set([...e.epcs, ...e.quantityClasses])];
    if (ids.length === 0) reject('NO_OBJECTS', 'the event names no object');
    if (e.action === 'ADD') {
      for (const id of ids) await this.commission(id);
      return;
    }
    const step = e.bizStep ?? '';
    if (step === 'shipping' || step === 'departing') await this.ship(ids);
    else if (RECEIVING_STEPS.has(step)) await this.receive(ids);
    else if (step === 'void_shipping') await this.voidShipping(ids);
    else if (SELLING_STEPS.has(step)) await this.end(ids, SELLING_STEPS.get(step) ?? 'sold', 'sold or dispensed');
    else if (step === 'destroying') await this.end(ids, 'destroyed', undefined);
    else if (step === 'decommissioning' || e.action === 'DELETE') await this.end(ids, 'decommissioned', 'decommissioned');
    else await this.touchExisting(ids);
  }

  private async commission(id: string): Promise<void> {
    const state = await this.read(id);
    if (state !== undefined) {
      // More of a lot may be made by its owner; a serial item is commissioned once.
      if (!(state.classLevel && state.owner === this.submitter && !isTerminal(state.status))) {
        reject('ALREADY_COMMISSIONED', `${id} was already commissioned by ${state.owner}`);
      }
      this.write(state, {});
      return;
    }
    this.fresh(id);
  }

  private async receiverMsp(): Promise<{ party: string; msp: string }> {
    const named = this.event.destinations.filter((d: TypedRef) => PARTY_TYPES.has(d.type));
    const party = named.find((d) => d.type === 'owning_party') ?? named[0];
    if (party === undefined)
      return reject('MISSING_RECEIVER', 'a shipment must name its receiver (destination owning_party or possessing_party)');
    const owner = (await this.world.organizations()).find((org) => ownsId(org, party.id));
    if (owner === undefined) return reject('UNKNOWN_RECEIVER', `no registered organisation owns ${party.id}`);
    return { party: party.id, msp: owner.mspId };
  }

  private async ship(ids: readonly string[]): Promise<void> {
    const isReturn = this.event.disposition === 'returned';
    const receiver = await this.receiverMsp();
    for (const id of ids) {
      const state = await this.existing(id);
      this.requireCustody(state, 'NOT_CUSTODIAN');
      if (!isReturn) this.requireNoHold(state, 'shipped');
      const change: Partial<ObjectState> = state.classLevel
        ? {}
        : { status: 'in_transit', expectedReceiver: receiver.party, expectedReceiverMsp: receiver.msp };
      this.write(state, change);
      if (!state.classLevel) await this.cascade(state, change);
    }
  }

  private async receive(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const state = await this.existing(id);
      if (state.classLevel) {
        this.write(state, { custodian: this.submitter, location: this.location });
        continue;
      }
      if (state.status !== 'in_transit') reject('NOT_IN_TRANSIT', `${id} was not shipped`);
      if (state.expectedReceiverMsp !== this.submitter)
        reject('WRONG_RECEIVER', `${id} was shipped to ${state.expectedReceiverMsp ?? '?'}, not ${this.submitter}`);
      const change: Partial<ObjectState> = {
        status: 'active',
        custodian: this.submitter,
        location: this.location,
        expectedReceiver: undefined,
        expectedReceiverMsp: undefined,
      };
      this.write(state, change);
      await this.cascade(state, change);
    }
  }

  private async voidShipping(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const state = await this.existing(id);
      if (state.classLevel) continue;
      if (state.custodian !== this.submitter) reject('NOT_CUSTODIAN', `${id} is held by ${state.custodian}`);
      if (state.status !== 'in_transit') reject('NOT_IN_TRANSIT', `${id} was not shipped`);
      const change: Partial<ObjectState> = { status: 'active', expectedReceiver: undefined, expectedReceiverMsp: undefined };
      this.write(state, change);
      await this.cascade(state, change);
    }
  }

  /** Selling, dispensing, destroying, decommissioning: the custodian ends the object's life. */
  private async end(ids: readonly string[], status: ObjectStatus, heldVerb: string | undefined): Promise<void> {
    for (const id of ids) {
      const state = await this.existing(id);
      this.requireCustody(state, 'NOT_CUSTODIAN');
      if (heldVerb !== undefined) this.requireNoHold(state, heldVerb);
      this.write(state, { status });
    }
  }

  /** What happens to a container happens to everything packed in it. */
  private async cascade(container: ObjectState, change: Partial<ObjectState>, depth = 1): Promise<void> {
    if (depth > MAX_CONTAINMENT_DEPTH) return;
    for (const childId of container.children) {
      const child = await this.read(childId);
      if (child === undefined || isTerminal(child.status) || child.parent !== container.id) continue;
      this.write(child, change);
      await this.cascade(child, change, depth + 1);
    }
  }

  private async aggregationEvent(): Promise<void> {
    const e = this.event;
    const childIds = [...new Set([...e.childEpcs, ...e.quantityClasses])];
    if (e.action === 'OBSERVE') {
      await this.touchExisting(this.primaryIds());
      return;
    }
    if (e.parentId === undefined) return reject('MISSING_PARENT', `an aggregation ${e.action ?? ''} names its parent`);
    if (e.action === 'ADD') await this.pack(e.parentId, childIds);
    else await this.unpack(e.parentId, childIds);
  }

  private async pack(parentId: string, childIds: readonly string[]): Promise<void> {
    if (childIds.length === 0) reject('NO_OBJECTS', 'packing names no child');
    // A logistic unit (SSCC) comes into being when packed; an existing one must be ours.
    let parent = await this.read(parentId);
    if (parent === undefined) parent = this.fresh(parentId);
    else {
      if (isTerminal(parent.status)) reject('OBJECT_TERMINATED', `${parentId} is ${parent.status}`);
      this.requireCustody(parent, 'NOT_CUSTODIAN');
    }
    const children = new Set(parent.children);
    for (const id of childIds) {
      const child = await this.existing(id);
      this.requireCustody(child, 'CHILD_NOT_HELD');
      if (!child.classLevel) {
        this.write(child, { parent: parentId, location: this.location ?? child.location });
        children.add(id);
      } else this.write(child, {});
    }
    this.write(parent, { children: [...children].sort() });
  }

  private async unpack(parentId: string, childIds: readonly string[]): Promise<void> {
    const parent = await this.existing(parentId);
    this.requireCustody(parent, 'NOT_CUSTODIAN');
    // Unpacking without a child list empties the container (EPCIS 2.0 §7.4.3).
    const ids = childIds.length > 0 ? childIds : parent.children;
    const remaining = new Set(parent.children);
    for (const id of ids) {
      const child = await this.read(id);
      if (child === undefined) return reject('UNKNOWN_OBJECT', `${id} was never commissioned`);
      if (!child.classLevel && child.parent !== parentId) reject('CHILD_NOT_IN_PARENT', `${id} is not packed in ${parentId}`);
      // The child reappears on its own, where the parent is, held by the unpacker.
      this.write(
        child,
        child.classLevel ? {} : { parent: undefined, custodian: this.submitter, location: this.location ?? parent.location },
      );
      remaining.delete(id);
    }
    this.write(parent, { children: [...remaining].sort() });
  }

  private async transformationEvent(): Promise<void> {
    const e = this.event;
    if (e.inputs.length === 0 && e.outputs.length === 0) reject('NO_OBJECTS', 'the transformation names no input or output');
    const inputs = [...new Set(e.inputs)];
    for (const id of inputs) {
      const input = await this.existing(id);
      this.requireCustody(input, 'INPUT_NOT_HELD');
      this.requireNoHold(input, 'transformed');
      // A serial input is used up; a lot input may be drawn from again.
      this.write(input, input.classLevel ? {} : { status: 'consumed' });
    }
    for (const id of new Set(e.outputs)) {
      const existing = await this.read(id);
      if (existing !== undefined && !(existing.classLevel && existing.owner === this.submitter)) {
        reject('ALREADY_COMMISSIONED', `output ${id} already exists (${existing.owner})`);
      }
      const madeFrom = [...new Set([...(existing?.madeFrom ?? []), ...inputs])].sort();
      if (existing === undefined) this.fresh(id, { madeFrom });
      else this.write(existing, { madeFrom });
    }
  }

  /** Recall holds through the persistent disposition: set by the owner, custodian or a regulator; cleared by the setter. */
  private async applyPersistentDisposition(): Promise<void> {
    const pd = this.event.persistentDisposition;
    if (pd === undefined) return;
    const ids = this.event.type === 'TransformationEvent' ? [...new Set(this.event.outputs)] : this.primaryIds();
    for (const word of pd.set) {
      const kind = HOLD_DISPOSITIONS.get(word);
      if (kind === undefined) continue;
      for (const id of ids) {
        const state = await this.read(id);
        if (state === undefined) continue;
        const next = applyHold(state, kind, this.ctx, `persistent disposition ${word} (event ${this.event.hashId})`);
        this.write(state, { holds: next.holds });
      }
    }
    for (const word of pd.unset) {
      const kind = HOLD_DISPOSITIONS.get(word);
      if (kind === undefined) continue;
      for (const id of ids) {
        const state = await this.read(id);
        if (state === undefined) continue;
        this.write(state, { holds: releaseHold(state, kind, this.submitter).holds });
      }
    }
  }
}

/** Who may put an object on hold: its owner, its custodian, or a regulator. */
export function applyHold(state: ObjectState, kind: HoldKind, ctx: RulesContext, reason: string): ObjectState {
  const org = ctx.submitter;
  if (org.role !== 'regulator' && org.mspId !== state.owner && org.mspId !== state.custodian) {
    reject('NOT_ALLOWED_TO_HOLD', `${org.mspId} neither owns nor holds ${state.id} and is not a regulator`);
  }
  if (state.holds.some((h) => h.kind === kind && h.setBy === org.mspId)) return state;
  return { ...state, holds: [...state.holds, { kind, setBy: org.mspId, reason, since: ctx.txTime }] };
}

/** Only whoever set a hold releases it. */
export function releaseHold(state: ObjectState, kind: HoldKind, mspId: string): ObjectState {
  const mine = state.holds.filter((h) => h.kind === kind && h.setBy === mspId);
  if (mine.length === 0) {
    const other = state.holds.find((h) => h.kind === kind);
    if (other !== undefined) reject('NOT_HOLD_SETTER', `the ${kind} on ${state.id} was set by ${other.setBy}; only it may release`);
    return state;
  }
  return { ...state, holds: state.holds.filter((h) => !(h.kind === kind && h.setBy === mspId)) };
}
