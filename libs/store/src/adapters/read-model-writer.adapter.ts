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
  RETURNING 1)
SELECT count(*)::int AS n FROM written`;

// A pending event and its objects in ONE statement (no transaction round trips around it): the objects of
// an event are written only with its row, so an events row always has its event_objects.
const INSERT_PENDING_EVENTS = `WITH written AS (
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
  ON CONFLICT DO NOTHING)
SELECT count(*)::int AS n FROM written`;

// The usual anchored path: the event is pending (capture wrote it, with its objects), so only its status
// moves — no event JSON or facts travel again, and no insert is attempted. Rows not pending are left alone.
const FINALISE_PENDING_EVENTS = `UPDATE events e SET status = t.status, reject_code = t.reject_code, reject_reason = t.reject_reason,
    batch_id = $7::text, tx_id = $8::text, block_number = $9::bigint, leaf_index = t.leaf_index,
    capture_id = COALESCE(e.capture_id, t.capture_id)
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[])
    AS t(hash_id, status, reject_code, reject_reason, leaf_index, capture_id)
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

const INSERT_EDGES = `WITH written AS (
  INSERT INTO genealogy_edges (parent_id, child_id, kind, hash_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
  ON CONFLICT DO NOTHING
  RETURNING 1)
SELECT count(*)::int AS n FROM written`;

const INSERT_BATCH = `WITH written AS (
  INSERT INTO batches (id, merkle_root, tx_id, block_number, submitter_msp, event_count, accepted, rejected, anchored_at, leaves)
  VALUES ($1, $2, $3, $4::bigint, $5, $6, $7, $8, $9::timestamptz, $10::text[])
  ON CONFLICT (id) DO NOTHING
  RETURNING 1)
SELECT count(*)::int AS n FROM written`;

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

/**
 * Final statuses of a batch's events. Pending rows (the normal case) are updated in place; only events
 * that are neither pending nor final yet (never captured here, e.g. a rebuilt read model) are written
 * whole, by the insert-or-finalise upsert, which also covers a pending row that appears meanwhile.
 */
async function finaliseEvents(tx: SqlSession, events: readonly AnchoredEvent[], batch: BatchRecord, subBatch: number): Promise<number> {
  let changed = 0;
  for (const part of chunks(events, subBatch)) {
    const updated = await tx.query<{ hashId: string }>(FINALISE_PENDING_EVENTS, [
      part.map((e) => e.hashId),
      part.map((e) => e.status),
      part.map((e) => e.rejectCode ?? null),
      part.map((e) => e.rejectReason ?? null),
      part.map((e) => e.leafIndex),
      part.map((e) => e.facts.captureId ?? null),
      batch.id,
      batch.txId,
      String(batch.blockNumber),
    ]);
    changed += updated.length;
    if (updated.length === part.length) continue;
    const done = new Set(updated.map((r) => r.hashId));
    const rest = part.filter((e) => !done.has(e.hashId));
    const final = await tx.query<{ hashId: string }>(SELECT_FINAL_EVENTS, [rest.map((e) => e.hashId)]);
    for (const r of final) done.add(r.hashId);
    const missing = rest.filter((e) => !done.has(e.hashId));
    if (missing.length === 0) continue;
    changed += await count(tx, UPSERT_ANCHORED_EVENTS, [...eventColumns(missing, false), batch.id, batch.txId, String(batch.blockNumber)]);
    await insertEventObjects(tx, missing, subBatch);
  }
  return changed;
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

async function insertEdges(tx: SqlSession, edges: readonly GenealogyEdge[], subBatch: number): Promise<number> {
  let inserted = 0;
  const sorted = [...edges].sort(byKey((e) => `${e.parentId}\n${e.childId}\n${e.hashId}`));
  for (const part of chunks(sorted, subBatch * 4)) {
    inserted += await count(tx, INSERT_EDGES, [
      part.map((e) => e.parentId),
      part.map((e) => e.childId),
      part.map((e) => e.kind),
      part.map((e) => e.hashId),
    ]);
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
    const { batch } = input;
    const events = distinctSorted(input.events, (e) => e.hashId);
    const result = await this.db.transaction(async (tx) => {
      const batchInserted =
        (await count(tx, INSERT_BATCH, [
          batch.id,
          batch.merkleRoot,
          batch.txId,
          String(batch.blockNumber),
          batch.submitterMsp,
          batch.eventCount,
          batch.accepted,
          batch.rejected,
          batch.anchoredAt,
          batch.leaves === undefined ? null : [...batch.leaves],
        ])) === 1;
      const eventsChanged = await finaliseEvents(tx, events, batch, this.subBatch);
      await upsertObjects(tx, input.objectStates, this.subBatch);
      const edgesInserted = await insertEdges(tx, input.edges, this.subBatch);
      // After the events: an alert is stored only for an event this transaction holds as anchored.
      const alertsRaised = input.alerts === undefined ? undefined : await insertAlerts(tx, input.alerts, batch.anchoredAt, this.subBatch);
      await refreshCaptureJobsForEvents(
        tx,
        events.map((e) => e.hashId),
      );
      return { eventsChanged, edgesInserted, batchInserted, ...(alertsRaised === undefined ? {} : { alertsRaised }) };
    });
    await this.#pruneNowAndThen();
    return result;
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
    const events = distinctSorted(input, (e) => e.hashId);
    const parts = chunks(events, this.subBatch);
    const write = (session: SqlSession, part: readonly EventToStore[]): Promise<number> =>
      count(session, INSERT_PENDING_EVENTS, [...eventColumns(part, true), ...eventObjectColumns(eventObjectRows(part))]);
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
