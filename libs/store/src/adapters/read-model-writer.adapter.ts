import type { SqlDatabase, SqlSession } from '../database/sql-session.port.js';
import type { ObjectStateWriter, ReadModelWriter } from '../ports/read-model-writer.port.js';
import type {
  AnchoredBatch,
  AnchoredEvent,
  ApplyBatchResult,
  BatchRecord,
  EventObjectFact,
  EventToStore,
  GenealogyEdge,
  ObjectState,
} from '../ports/read-model.types.js';
import { chunks } from '../query/sql-fragments.js';
import { insertAlerts } from './alert-store.adapter.js';
import { refreshCaptureJobsForEvents } from './capture-job-refresh.js';

/** Rows per bulk statement: large enough to amortise round trips, small enough to keep statements bounded. */
export const DEFAULT_SUB_BATCH = 1000;

interface CountRow {
  readonly n: number;
}

// Scalars travel as unnest arrays; the event JSON travels as ONE jsonb array zipped in by ROWS FROM —
// measured 2× faster than a jsonb[] parameter, whose array literal escapes every quote in every event.
const EVENT_INPUT = `ROWS FROM (
    unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[],
      $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[]),
    jsonb_array_elements($14::jsonb),
    unnest($15::text[], $16::text[], $17::text[], $18::int4[]))
  AS t(hash_id, event_id, type, action, biz_step, disposition, event_time, event_time_zone_offset, record_time,
    read_point, biz_location, submitter_msp, capture_id, event, status, reject_code, reject_reason, leaf_index)`;

const EVENT_COLUMNS = `hash_id, event_id, type, action, biz_step, disposition, event_time, event_time_zone_offset,
  record_time, read_point, biz_location, submitter_msp, capture_id, event, status, reject_code, reject_reason,
  batch_id, tx_id, block_number, leaf_index`;

// A pending event becomes final; a final one is never rewritten (replays and late duplicates change nothing).
const UPSERT_ANCHORED_EVENTS = `WITH written AS (
  INSERT INTO events (${EVENT_COLUMNS})
  SELECT hash_id, event_id, type, action, biz_step, disposition, event_time, event_time_zone_offset, record_time,
    read_point, biz_location, submitter_msp, capture_id, event, status, reject_code, reject_reason,
    $19::text, $20::text, $21::bigint, leaf_index
  FROM ${EVENT_INPUT}
  ON CONFLICT (hash_id) DO UPDATE SET status = EXCLUDED.status, reject_code = EXCLUDED.reject_code,
    reject_reason = EXCLUDED.reject_reason, batch_id = EXCLUDED.batch_id, tx_id = EXCLUDED.tx_id,
    block_number = EXCLUDED.block_number, leaf_index = EXCLUDED.leaf_index,
    capture_id = COALESCE(events.capture_id, EXCLUDED.capture_id)
  WHERE events.status = 'pending'
  RETURNING hash_id)
SELECT hash_id AS "hashId" FROM written`;

/**
 * Pending events and their objects as two CTEs (`written`, `objects`) over parameters $1…$23
 * (pendingEventsParams), so that one statement writes both — and the capture job with them
 * (CaptureJobStoreAdapter.recordCapture). The objects of an event are written only with its row, so an
 * events row always has its event_objects.
 */
export const PENDING_EVENTS_CTES = `written AS (
  INSERT INTO events (${EVENT_COLUMNS})
  SELECT hash_id, event_id, type, action, biz_step, disposition, event_time, event_time_zone_offset, record_time,
    read_point, biz_location, submitter_msp, capture_id, event, status, reject_code, reject_reason,
    NULL, NULL, NULL, leaf_index
  FROM ${EVENT_INPUT}
  ON CONFLICT (hash_id) DO NOTHING
  RETURNING hash_id),
objects AS (
  INSERT INTO event_objects (hash_id, object_id, role, quantity, uom)
  SELECT o.* FROM unnest($19::text[], $20::text[], $21::text[], $22::float8[], $23::text[]) AS o(hash_id, object_id, role, quantity, uom)
  WHERE o.hash_id IN (SELECT hash_id FROM written)
  ON CONFLICT DO NOTHING)`;

/** Parameters $1…$23 of PENDING_EVENTS_CTES for `events` (distinct by hash ID). */
export function pendingEventsParams(events: readonly EventToStore[]): unknown[] {
  return [...eventColumns(events, true), ...eventObjectColumns(eventObjectRows(events))];
}

/** Pending events distinct by hash ID, in hash-ID order (see distinctSorted), cut into statements of `subBatch`. */
export function pendingParts(events: readonly EventToStore[], subBatch: number): EventToStore[][] {
  return chunks(
    distinctSorted(events, (e) => e.hashId),
    subBatch,
  );
}

// A pending event and its objects in ONE statement (no transaction round trips around it).
const INSERT_PENDING_EVENTS = `WITH ${PENDING_EVENTS_CTES}
SELECT count(*)::int AS n FROM written`;

// The usual anchored path: the event is pending (capture wrote it, with its objects), so only its status
// moves — no event JSON or facts travel again, and no insert is attempted. Rows not pending are left alone.
// Each row names its own batch: one statement finalises the events of every ledger batch of a delivery.
const FINALISE_PENDING_EVENTS = `UPDATE events e SET status = t.status, reject_code = t.reject_code, reject_reason = t.reject_reason,
    batch_id = t.batch_id, tx_id = t.tx_id, block_number = t.block_number, leaf_index = t.leaf_index,
    capture_id = COALESCE(e.capture_id, t.capture_id)
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::bigint[])
    AS t(hash_id, status, reject_code, reject_reason, leaf_index, capture_id, batch_id, tx_id, block_number)
  WHERE e.hash_id = t.hash_id AND e.status = 'pending'
  RETURNING e.hash_id AS "hashId"`;

const SELECT_FINAL_EVENTS = `SELECT hash_id AS "hashId" FROM events WHERE hash_id = ANY($1::text[]) AND status <> 'pending'`;

const INSERT_EVENT_OBJECTS = `INSERT INTO event_objects (hash_id, object_id, role, quantity, uom)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[])
  ON CONFLICT DO NOTHING`;

// An older state never overwrites a newer one, and an identical one is not rewritten.
const UPSERT_OBJECTS = `INSERT INTO objects (id, kind, gtin, lot, serial, status, custodian_msp, location, holds, last_event_hash, updated_at)
  SELECT * FROM ROWS FROM (
    unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]),
    jsonb_array_elements($9::jsonb),
    unnest($10::text[], $11::timestamptz[]))
  ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, gtin = EXCLUDED.gtin, lot = EXCLUDED.lot, serial = EXCLUDED.serial,
    status = EXCLUDED.status, custodian_msp = EXCLUDED.custodian_msp, location = EXCLUDED.location, holds = EXCLUDED.holds,
    last_event_hash = EXCLUDED.last_event_hash, updated_at = EXCLUDED.updated_at
  WHERE objects.updated_at < EXCLUDED.updated_at
    OR (objects.updated_at = EXCLUDED.updated_at
      AND (objects.kind, objects.gtin, objects.lot, objects.serial, objects.status, objects.custodian_msp, objects.location, objects.holds, objects.last_event_hash)
        IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.gtin, EXCLUDED.lot, EXCLUDED.serial, EXCLUDED.status, EXCLUDED.custodian_msp, EXCLUDED.location, EXCLUDED.holds, EXCLUDED.last_event_hash))`;

const INSERT_EDGES = `INSERT INTO genealogy_edges (parent_id, child_id, kind, hash_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
  ON CONFLICT DO NOTHING
  RETURNING hash_id AS "hashId"`;

// Every ledger batch of a delivery in one statement; leaves travel as one jsonb array of arrays (a text[][]
// must be rectangular), NULL for a batch recorded without them.
const INSERT_BATCHES = `INSERT INTO batches (id, merkle_root, tx_id, block_number, submitter_msp, event_count, accepted, rejected, anchored_at, leaves)
  SELECT t.id, t.merkle_root, t.tx_id, t.block_number, t.submitter_msp, t.event_count, t.accepted, t.rejected, t.anchored_at,
    CASE WHEN jsonb_typeof(t.leaves) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(t.leaves)) END
  FROM ROWS FROM (
    unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int4[], $7::int4[], $8::int4[], $9::timestamptz[]),
    jsonb_array_elements($10::jsonb))
    AS t(id, merkle_root, tx_id, block_number, submitter_msp, event_count, accepted, rejected, anchored_at, leaves)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

type EventObjectRow = EventObjectFact & { readonly hashId: string };

type EventRow = EventToStore & Partial<Pick<AnchoredEvent, 'status' | 'leafIndex' | 'rejectCode' | 'rejectReason'>>;

/** Column arrays for EVENT_INPUT; `pending` rows carry no status detail whatever the input says. */
function eventColumns(input: readonly EventRow[], pending: boolean): unknown[] {
  const events: readonly EventRow[] = pending ? input.map((e) => ({ hashId: e.hashId, event: e.event, facts: e.facts })) : input;
  const f = events.map((e) => e.facts);
  return [
    events.map((e) => e.hashId),
    f.map((x) => x.eventId ?? null),
    f.map((x) => x.type),
    f.map((x) => x.action ?? null),
    f.map((x) => x.bizStep ?? null),
    f.map((x) => x.disposition ?? null),
    f.map((x) => x.eventTime),
    f.map((x) => x.eventTimeZoneOffset),
    f.map((x) => x.recordTime),
    f.map((x) => x.readPoint ?? null),
    f.map((x) => x.bizLocation ?? null),
    f.map((x) => x.submitterMsp),
    f.map((x) => x.captureId ?? null),
    JSON.stringify(events.map((e) => e.event)),
    events.map((e) => e.status ?? 'pending'),
    events.map((e) => e.rejectCode ?? null),
    events.map((e) => e.rejectReason ?? null),
    events.map((e) => e.leafIndex ?? null),
  ];
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/**
 * The first occurrence of each key (ON CONFLICT DO UPDATE may not touch one row twice in a statement),
 * sorted by key: concurrent transactions then lock rows in the same order and cannot deadlock each other
 * (two batches updating the same objects in opposite orders deadlocked on PostgreSQL before this).
 */
function distinctSorted<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()].sort(byKey(key));
}

/** The newest state of each object wins (ties: the later entry). */
function latestStates(states: readonly ObjectState[]): ObjectState[] {
  const byId = new Map<string, ObjectState>();
  for (const state of states) {
    const current = byId.get(state.id);
    if (!current || Date.parse(current.updatedAt) <= Date.parse(state.updatedAt)) byId.set(state.id, state);
  }
  return [...byId.values()].sort(byKey((s) => s.id));
}

async function count(tx: SqlSession, sql: string, params: readonly unknown[]): Promise<number> {
  const rows = await tx.query<CountRow>(sql, params);
  return rows[0]?.n ?? 0;
}

function eventObjectRows(events: readonly EventToStore[]): EventObjectRow[] {
  return events
    .flatMap((e) => e.facts.objects.map((o) => ({ hashId: e.hashId, ...o })))
    .sort(byKey((r) => `${r.hashId}\n${r.role}\n${r.objectId}`));
}

function eventObjectColumns(rows: readonly EventObjectRow[]): unknown[] {
  return [
    rows.map((r) => r.hashId),
    rows.map((r) => r.objectId),
    rows.map((r) => r.role),
    rows.map((r) => r.quantity ?? null),
    rows.map((r) => r.uom ?? null),
  ];
}

async function insertEventObjects(tx: SqlSession, events: readonly EventToStore[], subBatch: number): Promise<void> {
  for (const part of chunks(eventObjectRows(events), subBatch * 4)) await tx.query(INSERT_EVENT_OBJECTS, eventObjectColumns(part));
}

/** An event of a delivery with the ledger batch it belongs to. */
interface BatchedEvent {
  readonly event: AnchoredEvent;
  readonly batch: BatchRecord;
}

/**
 * Final statuses of the events of a delivery's batches. Pending rows (the normal case) are updated in
 * place; only events that are neither pending nor final yet (never captured here, e.g. a rebuilt read
 * model) are written whole, by the insert-or-finalise upsert, which also covers a pending row that
 * appears meanwhile. Returns the hash IDs this call changed.
 */
async function finaliseEvents(tx: SqlSession, rows: readonly BatchedEvent[], subBatch: number): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const part of chunks(rows, subBatch)) {
    const updated = await tx.query<{ hashId: string }>(FINALISE_PENDING_EVENTS, [
      part.map((r) => r.event.hashId),
      part.map((r) => r.event.status),
      part.map((r) => r.event.rejectCode ?? null),
      part.map((r) => r.event.rejectReason ?? null),
      part.map((r) => r.event.leafIndex),
      part.map((r) => r.event.facts.captureId ?? null),
      part.map((r) => r.batch.id),
      part.map((r) => r.batch.txId),
      part.map((r) => String(r.batch.blockNumber)),
    ]);
    for (const u of updated) changed.add(u.hashId);
    if (updated.length === part.length) continue;
    const rest = part.filter((r) => !changed.has(r.event.hashId));
    const final = new Set(
      (await tx.query<{ hashId: string }>(SELECT_FINAL_EVENTS, [rest.map((r) => r.event.hashId)])).map((r) => r.hashId),
    );
    const missing = rest.filter((r) => !final.has(r.event.hashId));
    for (const batch of new Set(missing.map((r) => r.batch))) {
      const events = missing.filter((r) => r.batch === batch).map((r) => r.event);
      const written = await tx.query<{ hashId: string }>(UPSERT_ANCHORED_EVENTS, [
        ...eventColumns(events, false),
        batch.id,
        batch.txId,
        String(batch.blockNumber),
      ]);
      for (const w of written) changed.add(w.hashId);
      await insertEventObjects(tx, events, subBatch);
    }
  }
  return changed;
}

async function insertBatches(tx: SqlSession, batches: readonly BatchRecord[]): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(INSERT_BATCHES, [
    batches.map((b) => b.id),
    batches.map((b) => b.merkleRoot),
    batches.map((b) => b.txId),
    batches.map((b) => String(b.blockNumber)),
    batches.map((b) => b.submitterMsp),
    batches.map((b) => b.eventCount),
    batches.map((b) => b.accepted),
    batches.map((b) => b.rejected),
    batches.map((b) => b.anchoredAt),
    JSON.stringify(batches.map((b) => (b.leaves === undefined ? null : b.leaves))),
  ]);
  return new Set(rows.map((r) => r.id));
}

async function upsertObjects(tx: SqlSession, states: readonly ObjectState[], subBatch: number): Promise<void> {
  for (const part of chunks(latestStates(states), subBatch)) {
    await tx.query(UPSERT_OBJECTS, [
      part.map((s) => s.id),
      part.map((s) => s.kind),
      part.map((s) => s.gtin ?? null),
      part.map((s) => s.lot ?? null),
      part.map((s) => s.serial ?? null),
      part.map((s) => s.status),
      part.map((s) => s.custodianMsp ?? null),
      part.map((s) => s.location ?? null),
      JSON.stringify(part.map((s) => s.holds ?? [])),
      part.map((s) => s.lastEventHash ?? null),
      part.map((s) => s.updatedAt),
    ]);
  }
}

/** Inserts the edges not stored yet; returns the hash IDs of the events whose edges were new (one per edge). */
async function insertEdges(tx: SqlSession, edges: readonly GenealogyEdge[], subBatch: number): Promise<string[]> {
  const inserted: string[] = [];
  const sorted = [...edges].sort(byKey((e) => `${e.parentId}\n${e.childId}\n${e.hashId}`));
  for (const part of chunks(sorted, subBatch * 4)) {
    const rows = await tx.query<{ hashId: string }>(INSERT_EDGES, [
      part.map((e) => e.parentId),
      part.map((e) => e.childId),
      part.map((e) => e.kind),
      part.map((e) => e.hashId),
    ]);
    inserted.push(...rows.map((r) => r.hashId));
  }
  return inserted;
}

// Drops the change-log rows of transactions that had all ended before this statement's snapshot, and
// records that horizon in the same statement: a reader whose snapshot is older than it runs the exact
// check instead (migration 1764000000004).
const PRUNE_GENEALOGY_CHANGES = `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x),
  pruned AS (DELETE FROM genealogy_changes WHERE xid < (SELECT x FROM horizon))
  UPDATE genealogy_changes_pruned SET below = GREATEST(below, (SELECT x FROM horizon))`;

/** How often a writer prunes the genealogy change log (each walk kept older than that is checked exactly once more). */
const PRUNE_INTERVAL_MS = 60_000;

export class ReadModelWriterAdapter implements ReadModelWriter, ObjectStateWriter {
  #lastPrune = Date.now();

  constructor(
    private readonly db: SqlDatabase,
    private readonly subBatch: number = DEFAULT_SUB_BATCH,
  ) {}

  async applyAnchoredBatch(input: AnchoredBatch): Promise<ApplyBatchResult> {
    const [result] = await this.applyAnchoredBatches([input]);
    if (result === undefined) throw new Error('applyAnchoredBatches returned no result for its batch');
    return result;
  }

  /**
   * Every ledger batch of one delivery in ONE transaction and a fixed number of statements (not a round of
   * statements per batch): on PGlite each statement costs ~0.5 ms whatever it does, and a delivery of a busy
   * partition holds a batch per submitting organisation.
   */
  async applyAnchoredBatches(inputs: readonly AnchoredBatch[]): Promise<ApplyBatchResult[]> {
    if (inputs.length === 0) return [];
    const batchOf = new Map<string, BatchRecord>();
    const rows: BatchedEvent[] = [];
    for (const input of inputs)
      for (const event of input.events) {
        // One row per event (UPDATE … FROM may not touch a row twice): the first batch that names it.
        if (batchOf.has(event.hashId)) continue;
        batchOf.set(event.hashId, input.batch);
        rows.push({ event, batch: input.batch });
      }
    rows.sort(byKey((r) => r.event.hashId));
    const results = await this.db.transaction(async (tx) => {
      const batchesInserted = await insertBatches(
        tx,
        inputs.map((i) => i.batch),
      );
      const changed = await finaliseEvents(tx, rows, this.subBatch);
      await upsertObjects(
        tx,
        inputs.flatMap((i) => i.objectStates),
        this.subBatch,
      );
      const edgesOf = await insertEdges(
        tx,
        inputs.flatMap((i) => i.edges),
        this.subBatch,
      );
      // After the events: an alert is stored only for an event this transaction holds as anchored.
      const alertsRaised = new Map<AnchoredBatch, string[]>();
      for (const input of inputs)
        if (input.alerts !== undefined)
          alertsRaised.set(input, await insertAlerts(tx, input.alerts, input.batch.anchoredAt, this.subBatch));
      await refreshCaptureJobsForEvents(
        tx,
        rows.map((r) => r.event.hashId),
      );
      return inputs.map((input): ApplyBatchResult => {
        const own = new Set(input.events.map((e) => e.hashId));
        const raised = alertsRaised.get(input);
        return {
          eventsChanged: [...own].filter((h) => changed.has(h) && batchOf.get(h) === input.batch).length,
          edgesInserted: edgesOf.filter((h) => own.has(h)).length,
          batchInserted: batchesInserted.has(input.batch.id),
          ...(raised === undefined ? {} : { alertsRaised: raised }),
        };
      });
    });
    await this.#pruneNowAndThen();
    return results;
  }

  async upsertObjectStates(states: readonly ObjectState[]): Promise<void> {
    await this.db.transaction((tx) => upsertObjects(tx, states, this.subBatch));
    await this.#pruneNowAndThen();
  }

  /** Prunes the genealogy change log (see PRUNE_GENEALOGY_CHANGES). */
  async pruneGenealogyChanges(): Promise<void> {
    this.#lastPrune = Date.now();
    await this.db.query(PRUNE_GENEALOGY_CHANGES);
  }

  async #pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.#lastPrune >= PRUNE_INTERVAL_MS) await this.pruneGenealogyChanges();
  }

  insertPending(input: readonly EventToStore[]): Promise<number> {
    const parts = pendingParts(input, this.subBatch);
    const write = (session: SqlSession, part: readonly EventToStore[]): Promise<number> =>
      count(session, INSERT_PENDING_EVENTS, pendingEventsParams(part));
    // One statement is atomic on its own: a transaction only when the capture needs more than one.
    const [only] = parts;
    if (parts.length === 1 && only !== undefined) return write(this.db, only);
    return this.db.transaction(async (tx) => {
      let inserted = 0;
      for (const part of parts) inserted += await write(tx, part);
      return inserted;
    });
  }
}
