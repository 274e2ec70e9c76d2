import type { BusMessage, ConsumedMessage, PartitionBatch } from '@lotledger/bus';
import { DomainError, merkleRootHex, type ValidationIssue } from '@lotledger/domain';
import { LedgerError, type AnchorResult, type EventFacts } from '@lotledger/ledger';
import {
  decodeCapturedEvent,
  eventLogger,
  HEADERS,
  projectCapturedEvent,
  storedObjectState,
  TOPICS,
  type ProjectedEvent,
} from '@lotledger/platform';
import type { AnchoredBatch, AnchoredEvent, ApplyBatchResult } from '@lotledger/store';
import type { AnchorBatchPorts } from './anchor-batch.ports.js';
import { hasAlertContext, ProfileAlerts } from './profile-alerts.js';

/** Header of a lotledger.events message the anchor put back for a later attempt: the attempt it carries (1, 2, …). */
export const DEFERRED_ATTEMPT_HEADER = 'x-deferred-attempt';
/** Header of such a message: not to be retried before this instant (ms since the epoch). */
export const DEFERRED_NOT_BEFORE_HEADER = 'x-deferred-not-before';
/**
 * Header of a message the anchor put back unchanged because it touches the objects of a deferred attempt that
 * was not due yet (it must not overtake that attempt). Like a deferred attempt, a second copy of it is dropped
 * once the read model holds its event as final.
 */
export const HELD_HEADER = 'x-held-behind-deferred';

/**
 * Rejections that may only mean "anchored out of order": a receipt whose shipment (another organisation's
 * event, on another partition) has not reached the ledger yet. Such an event is retried after later
 * batches, a bounded number of times, before it is stored as rejected.
 */
const DEFERRABLE_CODES: ReadonlySet<string> = new Set(['NOT_IN_TRANSIT']);

/** What one call did; the consumer logs it and the tests read it. */
export interface AnchorBatchOutcome {
  /** Ledger transactions that this call anchored (replays of stored batches not counted). */
  readonly ledgerBatches: number;
  readonly anchored: number;
  readonly rejected: number;
  readonly deadLettered: number;
  /** Events the ledger had anchored before (a crash between ledger and store): written from their original batch. */
  readonly recovered: number;
  /** Out-of-order rejections put back on lotledger.events for a later attempt (still pending). */
  readonly deferred: number;
  /**
   * Events put back unchanged, not sent to the ledger yet: deferred attempts that were not due, and the
   * events after them on the same objects (still pending).
   */
  readonly held: number;
}

export interface AnchorBatchOptions {
  readonly maxEventsPerTransaction: number;
  /** Attempts after the first for a deferrable rejection (0 = store it as rejected at once). */
  readonly maxDeferrals?: number;
  /** The least wait before a deferred attempt, times the attempt number. */
  readonly deferralDelayMs?: number;
  /**
   * Longest a delivery made only of attempts not due yet (and the events held behind them) is kept waiting
   * before they are put back on the bus instead (default 1 s): a long deferral does not hold the consumer.
   */
  readonly heldWaitMs?: number;
}

interface Group {
  readonly submitter: string;
  readonly events: ProjectedEvent[];
  readonly objects: Set<string>;
}

/**
 * What goes back on the bus at the end of a delivery, and the objects it touches: a later event of the
 * delivery on one of them must not reach the ledger (or the read model) before it.
 */
interface PutBack {
  /** Out-of-order rejections with attempts left: put back with the next attempt. */
  readonly deferred: ProjectedEvent[];
  /** Events waiting behind a deferred attempt on the same objects: put back unchanged (marked held). */
  readonly held: ProjectedEvent[];
  readonly objects: Set<string>;
}

/** What the ledger said about one group, and which of its rejections are deferred or held (left pending). */
interface LedgerOutcome {
  readonly events: readonly ProjectedEvent[];
  readonly result: AnchorResult;
  readonly later: ReadonlySet<string>;
}

interface PreparedBatch {
  readonly events: readonly ProjectedEvent[];
  readonly result: AnchorResult;
  readonly batch: AnchoredBatch;
  readonly accepted: ReadonlySet<string>;
  readonly rejectedBy: ReadonlyMap<string, { readonly code: string; readonly reason: string }>;
}

/** The read-model record of a ledger batch: its events' final statuses (deferred ones left out), states and edges. */
function prepareBatch({ events, result, later }: LedgerOutcome): PreparedBatch {
  const accepted = new Set(result.accepted);
  // Deferred events stay pending: not written now, so a later attempt can still anchor them.
  const rejectedBy = new Map(result.rejected.filter((r) => !later.has(r.hashId)).map((r) => [r.hashId, r]));
  const stored: AnchoredEvent[] = [];
  events.forEach((e, leafIndex) => {
    const hash = e.message.hashId;
    if (accepted.has(hash)) stored.push({ ...e.record, status: 'anchored', leafIndex });
    else {
      const r = rejectedBy.get(hash);
      if (r !== undefined) stored.push({ ...e.record, status: 'rejected', leafIndex, rejectCode: r.code, rejectReason: r.reason });
    }
  });
  return {
    events,
    result,
    accepted,
    rejectedBy,
    batch: {
      batch: {
        id: result.batchId,
        merkleRoot: result.merkleRoot,
        txId: result.txId,
        blockNumber: result.blockNumber,
        submitterMsp: result.submitter,
        eventCount: events.length,
        accepted: result.accepted.length,
        rejected: result.rejected.length,
        anchoredAt: result.txTime,
        // Every leaf, including events an earlier batch anchored (those keep their first batch), so
        // the proof of any event of this batch can rebuild this root.
        leaves: events.map((e) => e.message.hashId),
      },
      events: stored,
      objectStates: result.objects.map((s) => storedObjectState(s, result.txTime)),
      edges: events.filter((e) => accepted.has(e.message.hashId)).flatMap((e) => e.edges),
    },
  };
}

interface DeadLetter {
  readonly message: ConsumedMessage;
  readonly code: string;
  readonly issues: readonly ValidationIssue[];
}

function objectIdsOf(facts: EventFacts): string[] {
  return [
    ...facts.epcs,
    ...(facts.parentId === undefined ? [] : [facts.parentId]),
    ...facts.childEpcs,
    ...facts.inputs,
    ...facts.outputs,
    ...facts.quantityClasses,
  ];
}

/**
 * Anchors one partition's batch of validated events: groups them by submitting organisation
 * (keeping, across organisations, the order of events that touch the same object), anchors each
 * group's Merkle root on the ledger, then writes every outcome to the read model in one call per
 * ledger batch. Resolves only when all of that is durable, so the bus commits offsets after it.
 *
 * Failure policy: a message that cannot be read, or a group the ledger refuses as a whole
 * (non-retriable LedgerError, e.g. an unregistered submitter), goes to lotledger.dlq with the
 * reason in headers, and the batch goes on. Anything else (ledger or database unavailable) is
 * thrown: the bus backs off and redelivers the same messages.
 *
 * Idempotence: the ledger ignores hashes it anchored before and returns a replayed batch's record;
 * the store writes ON CONFLICT. A crash after the ledger committed but before the store did is
 * repaired on the first delivery of each partition after a start or a failure: events the ledger
 * already anchored are written from their original batch (replayed), never anchored twice.
 */
export class AnchorBatchUseCase {
  /** Partitions whose last delivery completed in this process: no ledger pre-check needed. */
  private readonly clean = new Set<string>();
  private readonly now: () => number;

  private readonly maxDeferrals: number;
  private readonly deferralDelayMs: number;
  private readonly heldWaitMs: number;
  /** Industry-profile alerts, when the store also serves the master data and genealogy they need. */
  private readonly alerts: ProfileAlerts | undefined;

  constructor(
    private readonly ports: AnchorBatchPorts,
    private readonly options: AnchorBatchOptions = { maxEventsPerTransaction: 10_000 },
  ) {
    this.now = ports.now ?? Date.now;
    this.maxDeferrals = options.maxDeferrals ?? 3;
    this.deferralDelayMs = options.deferralDelayMs ?? 250;
    this.heldWaitMs = options.heldWaitMs ?? 1_000;
    this.alerts = hasAlertContext(ports.store) ? new ProfileAlerts(ports.store) : undefined;
  }

  async handle(batch: PartitionBatch): Promise<AnchorBatchOutcome> {
    const partitionKey = `${batch.topic}/${String(batch.partition)}`;
    const check = !this.clean.has(partitionKey);
    try {
      const outcome = await this.#handle(batch, check);
      this.clean.add(partitionKey);
      return outcome;
    } catch (error) {
      this.clean.delete(partitionKey);
      throw error;
    }
  }

  async #handle(batch: PartitionBatch, checkLedgerFirst: boolean): Promise<AnchorBatchOutcome> {
    const dead: DeadLetter[] = [];
    const seen = new Set<string>();
    let events: ProjectedEvent[] = [];
    for (const message of batch.messages) {
      let projected: ProjectedEvent;
      try {
        projected = projectCapturedEvent(decodeCapturedEvent(message.value));
      } catch (error) {
        dead.push(this.#malformed(message, error));
        continue;
      }
      // The same event twice in one delivery (a duplicate capture) is anchored once.
      if (seen.has(projected.message.hashId)) continue;
      seen.add(projected.message.hashId);
      events.push(projected);
    }
    const messageOf = new Map<string, ConsumedMessage>();
    batch.messages.forEach((m) => {
      const hash = m.headers[HEADERS.hashId];
      if (hash !== undefined && !messageOf.has(hash)) messageOf.set(hash, m);
    });

    events = await this.#withoutDecided(events, messageOf);
    // Positions in the delivery: whatever is put back goes back in this order (per-object order).
    const positionOf = new Map(events.map((e, i) => [e.message.hashId, i]));
    const ready = await this.#readyNow(events, messageOf);
    events = ready.events;
    // Objects start empty: every event after a held one on its objects is held already, and one before it is not bound by it.
    const putBack: PutBack = { deferred: [], held: ready.held, objects: new Set() };
    const attemptOf = (e: ProjectedEvent): number => attemptHeader(messageOf.get(e.message.hashId));

    let recovered = 0;
    if (checkLedgerFirst && events.length > 0) {
      const result = await this.#recover(events, attemptOf, putBack);
      recovered = result.recovered;
      events = result.remaining;
    }

    let ledgerBatches = 0;
    const outcomes: LedgerOutcome[] = [];
    for (const whole of this.#group(events)) {
      // An event on the objects of an event deferred or held by an earlier group waits with it.
      const group = this.#withoutHeld(whole, putBack);
      if (group.events.length === 0) continue;
      // A batch carrying retried events names their attempt: alone, a retry has exactly the leaves of its
      // earlier batch, and the same root without it would be answered with that batch's record (a replay).
      const attempt = Math.max(0, ...group.events.map(attemptOf));
      const input = {
        merkleRoot: merkleRootHex(group.events.map((e) => e.message.hashId)),
        events: group.events.map((e) => e.ledger),
        ...(attempt > 0 ? { attempt } : {}),
      };
      let result: AnchorResult;
      try {
        result = await this.ports.ledger.anchorBatch(group.submitter, input);
      } catch (error) {
        if (error instanceof LedgerError && !error.retriable) {
          const issue: ValidationIssue = {
            pointer: '/submitterMsp',
            code: error.code,
            message: error.message,
            expected: 'a batch the ledger accepts (a registered submitting organisation)',
          };
          for (const e of group.events)
            dead.push({ message: messageOf.get(e.message.hashId) ?? this.#syntheticMessage(e), code: error.code, issues: [issue] });
          continue;
        }
        throw error;
      }
      if (result.alreadyAnchored.length > 0) {
        this.ports.logger.warn(
          { batchId: result.batchId, alreadyAnchored: result.alreadyAnchored.length },
          'batch held events an earlier batch anchored; they keep their original batch',
        );
      }
      outcomes.push(this.#deferring(group.events, result, attemptOf, putBack));
      if (!result.replayed) ledgerBatches += 1;
    }
    // Every ledger batch of the delivery in one read-model transaction (a crash before it commits is
    // repaired from the ledger on redelivery, as for a single batch).
    const { anchored, rejected } = await this.#store(outcomes);

    // Before the offsets commit: a deferred or held event is durably back on the bus, or the whole delivery is redone.
    const { deferred, held } = putBack;
    if (deferred.length > 0 || held.length > 0) await this.#putBack(deferred, held, positionOf, messageOf, attemptOf);
    if (dead.length > 0) await this.#deadLetter(dead);
    return { ledgerBatches, anchored, rejected, deadLettered: dead.length, recovered, deferred: deferred.length, held: held.length };
  }

  /**
   * Drops, in one read-model lookup, what must not reach the ledger again: a copy the anchor put back (deferred
   * attempt, held event) whose event the read model already holds as final — a copy put back twice (a crash
   * between putting back and committing the offsets) must not anchor an event the other copy stored as rejected
   * — and any event the read model holds as rejected (captured again): the ledger would judge it afresh, and
   * could anchor an event whose rejection the read model keeps for good. Events anchored before go on: the
   * ledger answers them with their first batch.
   */
  async #withoutDecided(events: ProjectedEvent[], messageOf: ReadonlyMap<string, ConsumedMessage>): Promise<ProjectedEvent[]> {
    const { decidedStatuses } = this.ports.store;
    if (decidedStatuses === undefined || events.length === 0) return events;
    const decided = await decidedStatuses.call(
      this.ports.store,
      events.map((e) => e.message.hashId),
    );
    if (decided.size === 0) return events;
    return events.filter((e) => {
      const status = decided.get(e.message.hashId);
      if (status === undefined) return true;
      const message = messageOf.get(e.message.hashId);
      const copy = attemptHeader(message) > 0 || message?.headers[HELD_HEADER] !== undefined;
      if (!copy && status === 'anchored') return true;
      eventLogger(this.ports.logger, e.message).info({ status }, 'event already final in the read model; not sent to the ledger again');
      return false;
    });
  }

  /**
   * Splits the delivery into what goes to the ledger now and what is held: deferred attempts that are not due
   * yet, and every later event that touches one of their objects (it must not overtake them). The rest of the
   * delivery is not kept waiting for them: held events are put back on the bus, unchanged. Only when the whole
   * delivery is held does this wait, until the first of them is due but at most `heldWaitMs` (putting them back
   * at once would spin; waiting long would hold the consumer), and then puts back what is still not due.
   */
  async #readyNow(
    events: readonly ProjectedEvent[],
    messageOf: ReadonlyMap<string, ConsumedMessage>,
  ): Promise<{ events: ProjectedEvent[]; held: ProjectedEvent[] }> {
    if (!events.some((e) => attemptHeader(messageOf.get(e.message.hashId)) > 0)) return { events: [...events], held: [] };
    // The longest wait this anchor ever sets; a later instant comes from another host's clock: due now.
    const longest = this.deferralDelayMs * (this.maxDeferrals + 1);
    for (let waited = false; ; waited = true) {
      const now = this.now();
      const ready: ProjectedEvent[] = [];
      const held: ProjectedEvent[] = [];
      const heldObjects = new Set<string>();
      let firstDue = Number.POSITIVE_INFINITY;
      for (const e of events) {
        const message = messageOf.get(e.message.hashId);
        const notBefore = attemptHeader(message) > 0 ? Number(message?.headers[DEFERRED_NOT_BEFORE_HEADER] ?? 0) : 0;
        const waiting = notBefore > now && notBefore - now <= longest;
        const ids = objectIdsOf(e.ledger);
        if (waiting) firstDue = Math.min(firstDue, notBefore);
        if (waiting || ids.some((id) => heldObjects.has(id))) {
          held.push(e);
          for (const id of ids) heldObjects.add(id);
        } else ready.push(e);
      }
      if (held.length === 0 || ready.length > 0 || waited) return { events: ready, held };
      await new Promise((resolve) => setTimeout(resolve, Math.min(firstDue - now + 1, this.heldWaitMs)));
    }
  }

  /**
   * Puts events back at the end of their partition (same key), in their delivery order: deferred ones with the
   * next attempt number and a new not-before instant, held ones unchanged (marked held).
   */
  async #putBack(
    deferred: readonly ProjectedEvent[],
    held: readonly ProjectedEvent[],
    positionOf: ReadonlyMap<string, number>,
    messageOf: ReadonlyMap<string, ConsumedMessage>,
    attemptOf: (e: ProjectedEvent) => number,
  ): Promise<void> {
    const isDeferred = new Set(deferred.map((e) => e.message.hashId));
    const position = (e: ProjectedEvent): number => positionOf.get(e.message.hashId) ?? Number.MAX_SAFE_INTEGER;
    const inOrder = [...deferred, ...held].sort((a, b) => position(a) - position(b));
    const messages: BusMessage[] = inOrder.map((e) => {
      const original = messageOf.get(e.message.hashId) ?? this.#syntheticMessage(e);
      if (!isDeferred.has(e.message.hashId)) {
        // A held retry keeps its attempt and instant; a held fresh event is marked, so a second copy is checked.
        return attemptOf(e) > 0
          ? { key: original.key, value: original.value, headers: original.headers }
          : { key: original.key, value: original.value, headers: { ...original.headers, [HELD_HEADER]: '1' } };
      }
      const attempt = attemptOf(e) + 1;
      return {
        key: original.key,
        value: original.value,
        headers: {
          ...original.headers,
          [DEFERRED_ATTEMPT_HEADER]: String(attempt),
          [DEFERRED_NOT_BEFORE_HEADER]: String(this.now() + this.deferralDelayMs * attempt),
        },
      };
    });
    await this.ports.bus.publish(TOPICS.events, messages);
    for (const e of deferred)
      eventLogger(this.ports.logger, e.message).info(
        { attempt: attemptOf(e) + 1, maxDeferrals: this.maxDeferrals },
        'event rejected as out of order; retried after later batches',
      );
    for (const e of held)
      eventLogger(this.ports.logger, e.message).debug(
        { attempt: attemptOf(e) },
        attemptOf(e) > 0 ? 'deferred attempt not due yet; put back' : 'event held behind a deferred attempt on the same objects; put back',
      );
  }

  /**
   * Keeps per-object order across organisations: an event joins its organisation's latest group
   * only if no later group (another organisation's) touched one of its objects.
   */
  #group(events: readonly ProjectedEvent[]): Group[] {
    const groups: Group[] = [];
    for (const e of events) {
      const ids = objectIdsOf(e.ledger);
      let target: Group | undefined;
      for (let i = groups.length - 1; i >= 0; i -= 1) {
        const g = groups[i];
        if (g === undefined) continue;
        if (g.submitter === e.message.submitterMsp) {
          if (g.events.length < this.options.maxEventsPerTransaction) target = g;
          break;
        }
        if (ids.some((id) => g.objects.has(id))) break;
      }
      if (target === undefined) {
        target = { submitter: e.message.submitterMsp, events: [], objects: new Set() };
        groups.push(target);
      }
      target.events.push(e);
      for (const id of ids) target.objects.add(id);
    }
    return groups;
  }

  /** The group without the events that touch objects of events already put back (they are held too). */
  #withoutHeld(group: Group, putBack: PutBack): Group {
    if (putBack.objects.size === 0) return group;
    const events: ProjectedEvent[] = [];
    for (const e of group.events) {
      const ids = objectIdsOf(e.ledger);
      if (ids.some((id) => putBack.objects.has(id))) {
        putBack.held.push(e);
        for (const id of ids) putBack.objects.add(id);
      } else events.push(e);
    }
    return events.length === group.events.length ? group : { ...group, events };
  }

  /**
   * A ledger batch's outcome to store, except that an out-of-order rejection with attempts left is not
   * written (it stays pending) but deferred, to be put back on the bus before the offsets commit; and so is
   * every later rejection of the batch on its objects (the distributor's onward shipment of a receipt that
   * came too early is refused as NOT_CUSTODIAN only because of it): those are held and evaluated again with it.
   */
  #deferring(
    events: readonly ProjectedEvent[],
    result: AnchorResult,
    attemptOf: (e: ProjectedEvent) => number,
    putBack: PutBack,
  ): LedgerOutcome {
    const deferrable = new Set(result.rejected.filter((r) => DEFERRABLE_CODES.has(r.code)).map((r) => r.hashId));
    const later = new Set<string>();
    // The usual batch (nothing deferred before it, nothing deferrable in it) costs no object lookups.
    if (deferrable.size === 0 && putBack.objects.size === 0) return { events, result, later };
    const rejected = new Set(result.rejected.map((r) => r.hashId));
    for (const e of events) {
      const hash = e.message.hashId;
      if (!rejected.has(hash)) continue;
      const ids = objectIdsOf(e.ledger);
      if (deferrable.has(hash) && attemptOf(e) < this.maxDeferrals) putBack.deferred.push(e);
      else if (ids.some((id) => putBack.objects.has(id))) putBack.held.push(e);
      else continue;
      later.add(hash);
      for (const id of ids) putBack.objects.add(id);
    }
    return { events, result, later };
  }

  /** Writes the outcomes of ledger batches in ONE store call, then counts and logs what changed. */
  async #store(outcomes: readonly LedgerOutcome[]): Promise<{ anchored: number; rejected: number }> {
    if (outcomes.length === 0) return { anchored: 0, rejected: 0 };
    const prepared = outcomes.map((o) => prepareBatch(o));
    // Derived before the write and stored in its transaction: an alert exists iff its event is anchored.
    // One derivation over the whole delivery: a case packed by one batch and read by the next is seen.
    const alerts =
      this.alerts === undefined
        ? []
        : await this.alerts.of(
            prepared.flatMap((p) => p.batch.events),
            prepared.flatMap((p) => p.batch.edges),
            prepared.flatMap((p) => p.batch.objectStates),
          );
    const batches: AnchoredBatch[] = prepared.map((p) => {
      const own = new Set(p.batch.events.map((e) => e.hashId));
      const mine = alerts.filter((a) => own.has(a.eventHashId));
      return mine.length === 0 ? p.batch : { ...p.batch, alerts: mine };
    });
    const applied = await this.ports.store.applyAnchoredBatches(batches);
    let anchored = 0;
    let rejected = 0;
    prepared.forEach((p, i) => {
      const counts = this.#counted(p, applied[i]);
      anchored += counts.anchored;
      rejected += counts.rejected;
    });
    return { anchored, rejected };
  }

  /** Metrics and logs of one stored ledger batch. */
  #counted(prepared: PreparedBatch, applied: ApplyBatchResult | undefined): { anchored: number; rejected: number } {
    const { events, result, rejectedBy, accepted } = prepared;
    const { logger, metrics } = this.ports;
    for (const code of applied?.alertsRaised ?? []) metrics.alertsRaised.inc({ code });
    if ((applied?.alertsRaised?.length ?? 0) > 0)
      logger.info({ batchId: result.batchId, alerts: applied?.alertsRaised?.length }, 'industry-profile alerts raised');
    if (applied === undefined || applied.eventsChanged === 0) {
      logger.info({ batchId: result.batchId, txId: result.txId }, 'batch already in the read model (replay)');
      return { anchored: 0, rejected: 0 };
    }
    const now = this.now();
    const perEvent = logger.isLevelEnabled('debug');
    metrics.batchSize.observe(events.length);
    let anchored = 0;
    for (const e of events) {
      const hash = e.message.hashId;
      if (accepted.has(hash)) {
        anchored += 1;
        metrics.captureToAnchoredSeconds.observe(Math.max(0, now - Date.parse(e.message.receivedAt)) / 1000);
        if (perEvent)
          eventLogger(logger, e.message).debug(
            { batchId: result.batchId, txId: result.txId, blockNumber: result.blockNumber },
            'event anchored',
          );
        continue;
      }
      const r = rejectedBy.get(hash);
      if (r === undefined) continue;
      metrics.eventsRejected.inc({ reason: r.code });
      eventLogger(logger, e.message).info({ batchId: result.batchId, code: r.code, reason: r.reason }, 'event rejected by the ledger');
    }
    metrics.eventsAnchored.inc(anchored);
    logger.info(
      {
        batchId: result.batchId,
        txId: result.txId,
        blockNumber: result.blockNumber,
        submitter: result.submitter,
        events: events.length,
        accepted: result.accepted.length,
        rejected: result.rejected.length,
        replayed: result.replayed,
      },
      'batch anchored',
    );
    return { anchored, rejected: rejectedBy.size };
  }

  /** Finds events the ledger anchored already and writes them from their original batch (replayed). */
  async #recover(
    events: readonly ProjectedEvent[],
    attemptOf: (e: ProjectedEvent) => number,
    putBack: PutBack,
  ): Promise<{ recovered: number; remaining: ProjectedEvent[] }> {
    const { ledger, logger } = this.ports;
    const records = [];
    // Bounded parallelism: one read per event, once per partition after a start or a failure.
    for (let i = 0; i < events.length; i += 64) {
      records.push(...(await Promise.all(events.slice(i, i + 64).map((e) => ledger.isAnchored(e.message.hashId)))));
    }
    const byHash = new Map(events.map((e) => [e.message.hashId, e]));
    const onLedger = new Set<string>();
    const batchIds = new Set<string>();
    records.forEach((r) => {
      if (r === undefined) return;
      onLedger.add(r.hashId);
      batchIds.add(r.batchId);
    });
    let recovered = 0;
    for (const batchId of batchIds) {
      const record = await ledger.getBatch(batchId);
      const original = record?.hashIds.map((h) => byHash.get(h));
      if (record === undefined || original === undefined || original.some((e) => e === undefined)) {
        logger.warn({ batchId }, 'events anchored by a batch not wholly in this delivery; left as the read model has them');
        continue;
      }
      const originalEvents = original.filter((e): e is ProjectedEvent => e !== undefined);
      const result = await ledger.anchorBatch(record.submitter, {
        merkleRoot: record.merkleRoot,
        events: originalEvents.map((e) => e.ledger),
        ...(record.attempt === undefined ? {} : { attempt: record.attempt }),
      });
      const counts = await this.#store([this.#deferring(originalEvents, result, attemptOf, putBack)]);
      recovered += counts.anchored + counts.rejected;
      for (const e of originalEvents) onLedger.add(e.message.hashId);
    }
    return { recovered, remaining: events.filter((e) => !onLedger.has(e.message.hashId)) };
  }

  #malformed(message: ConsumedMessage, error: unknown): DeadLetter {
    if (error instanceof DomainError)
      return {
        message,
        code: error.code,
        issues:
          error.issues.length > 0
            ? error.issues
            : [{ pointer: '', code: error.code, message: error.message, expected: 'a lotledger.events message' }],
      };
    const text = error instanceof Error ? error.message : String(error);
    return {
      message,
      code: 'UNREADABLE_EVENT',
      issues: [{ pointer: '/event', code: 'UNREADABLE_EVENT', message: text, expected: 'an EPCIS 2.0 event validated at ingest' }],
    };
  }

  #syntheticMessage(e: ProjectedEvent): ConsumedMessage {
    return { offset: -1, key: null, value: new TextEncoder().encode(JSON.stringify(e.message)), headers: {}, timestamp: this.now() };
  }

  async #deadLetter(dead: readonly DeadLetter[]): Promise<void> {
    const messages: BusMessage[] = dead.map((d) => ({
      key: d.message.key,
      value: d.message.value,
      headers: {
        ...d.message.headers,
        [HEADERS.errorCode]: d.code,
        [HEADERS.errorReason]: JSON.stringify(d.issues),
        [HEADERS.errorSource]: 'anchor',
      },
    }));
    await this.ports.bus.publish(TOPICS.dlq, messages);
    for (const d of dead) {
      this.ports.metrics.dlqMessages.inc({ source: 'anchor', code: d.code });
      if (d.code !== 'MALFORMED_MESSAGE') this.ports.metrics.eventsRejected.inc({ reason: d.code });
      this.ports.logger.warn(
        {
          hashId: d.message.headers[HEADERS.hashId] ?? null,
          captureId: d.message.headers[HEADERS.captureId] ?? null,
          code: d.code,
          offset: d.message.offset,
        },
        'message sent to the dead-letter topic',
      );
    }
  }
}

function attemptHeader(message: ConsumedMessage | undefined): number {
  const attempt = Number(message?.headers[DEFERRED_ATTEMPT_HEADER] ?? 0);
  return Number.isInteger(attempt) && attempt > 0 ? attempt : 0;
}
