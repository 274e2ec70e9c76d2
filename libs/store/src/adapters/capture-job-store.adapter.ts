import type { SqlDatabase } from '../database/sql-session.port.js';
import type {
  CaptureJob,
  CaptureJobEventStatus,
  CaptureJobStore,
  CaptureJobUpdate,
  NewCaptureJob,
} from '../ports/capture-job-store.port.js';
import type { EventToStore } from '../ports/read-model.types.js';
import { isoUtcMillis } from '../query/sql-fragments.js';
import { refreshCaptureJobsForEvents } from './capture-job-refresh.js';
import { WriteGrouper } from '../database/write-grouper.js';
import { DEFAULT_SUB_BATCH, PENDING_EVENTS_CTES, pendingEventsParams, pendingParts } from './read-model-writer.adapter.js';

type CaptureJobRow = Omit<CaptureJob, 'events'>;

const SELECT_JOB = `SELECT j.id::text AS id, j.submitter_msp AS "submitterMsp", j.status, j.error_behaviour AS "errorBehaviour",
  ${isoUtcMillis('j.created_at')} AS "createdAt", ${isoUtcMillis('j.finished_at')} AS "finishedAt",
  j.event_count AS "eventCount", j.anchored_count AS "anchoredCount", j.rejected_count AS "rejectedCount", j.errors
  FROM capture_jobs j WHERE j.id = $1::uuid`;

const SELECT_JOB_EVENTS = `SELECT c.ordinal, c.hash_id AS "hashId", COALESCE(e.status, 'pending') AS status, e.batch_id AS "batchId",
  e.tx_id AS "txId", e.block_number::float8 AS "blockNumber", e.reject_code AS "rejectCode", e.reject_reason AS "rejectReason"
  FROM capture_job_events c LEFT JOIN events e ON e.hash_id = c.hash_id
  WHERE c.capture_id = $1::uuid ORDER BY c.ordinal`;

const UPDATE_JOB = `WITH changed AS (
  UPDATE capture_jobs SET status = COALESCE($2, status), errors = COALESCE($3::jsonb, errors),
    finished_at = CASE WHEN $4::boolean THEN $5::timestamptz ELSE finished_at END
  WHERE id = $1::uuid
  RETURNING 1)
SELECT count(*)::int AS n FROM changed`;

// The jobs of concurrent captures, their event lists and their first pending events (PENDING_EVENTS_CTES,
// $1…$23) in ONE statement: a capture used to take six round trips of its own (begin, job, event list, final
// count, commit, pending events). The final count reads the snapshot before the statement, i.e. the events
// earlier captures made final.
const RECORD_CAPTURES = `WITH job AS (
  INSERT INTO capture_jobs (id, submitter_msp, status, error_behaviour, event_count, errors)
  SELECT t.id, t.submitter_msp, 'running', t.error_behaviour, t.event_count, t.errors
  FROM ROWS FROM (unnest($24::uuid[], $25::text[], $26::text[], $27::int4[]), jsonb_array_elements($28::jsonb))
    AS t(id, submitter_msp, error_behaviour, event_count, errors)
  ON CONFLICT (id) DO NOTHING
  RETURNING id),
job_events AS (
  INSERT INTO capture_job_events (capture_id, ordinal, hash_id)
  SELECT t.capture_id, t.ordinal, t.hash_id FROM unnest($29::uuid[], $30::int4[], $31::text[]) AS t(capture_id, ordinal, hash_id)
  WHERE t.capture_id IN (SELECT id FROM job)),
${PENDING_EVENTS_CTES}
SELECT ARRAY(SELECT id::text FROM job) AS created,
  (SELECT count(*) FROM events WHERE hash_id = ANY($31::text[]) AND status <> 'pending')::int AS final`;

/** One capture to record: its job and its events as pending. */
interface CaptureRecord {
  readonly job: NewCaptureJob;
  readonly events: readonly EventToStore[];
}

/** Most events one grouped capture write holds (a larger capture is written alone, in sub-batches). */
const MAX_GROUPED_EVENTS = 2_000;

const INSERT_PENDING_ONLY = `WITH ${PENDING_EVENTS_CTES} SELECT 1`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class CaptureJobStoreAdapter implements CaptureJobStore {
  readonly #captures: WriteGrouper<CaptureRecord, undefined>;

  constructor(
    private readonly db: SqlDatabase,
    private readonly subBatch: number = DEFAULT_SUB_BATCH,
    /** Capture writes at the same time (1 on PGlite: one session). */
    concurrency = 1,
  ) {
    this.#captures = new WriteGrouper((records) => this.#recordCaptures(records), {
      concurrency,
      weight: (r) => Math.max(1, r.events.length),
      maxWeight: MAX_GROUPED_EVENTS,
    });
  }

  /** Concurrent captures are written together (WriteGrouper), each still all-or-nothing. */
  async recordCapture(job: NewCaptureJob, events: readonly EventToStore[]): Promise<void> {
    await this.#captures.submit({ job, events });
  }

  async #recordCaptures(records: readonly CaptureRecord[]): Promise<undefined[]> {
    // The same capture twice in a group (a redelivered Kafka message): recorded once, both callers answered.
    const jobs = [...new Map(records.map((r) => [r.job.id, r.job])).values()];
    const hashIds = jobs.flatMap((j) => j.hashIds);
    const [first = [], ...rest] = pendingParts(
      records.flatMap((r) => r.events),
      this.subBatch,
    );
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ created: string[]; final: number }>(RECORD_CAPTURES, [
        ...pendingEventsParams(first),
        jobs.map((j) => j.id),
        jobs.map((j) => j.submitterMsp),
        jobs.map((j) => j.errorBehaviour),
        jobs.map((j) => j.hashIds.length),
        JSON.stringify(jobs.map((j) => j.errors ?? [])),
        jobs.flatMap((j) => j.hashIds.map(() => j.id)),
        jobs.flatMap((j) => j.hashIds.map((_, ordinal) => ordinal)),
        hashIds,
      ]);
      for (const part of rest) await tx.query(INSERT_PENDING_ONLY, pendingEventsParams(part));
      // A duplicate capture names events that may already be final: close its job at once then.
      const created = row?.created ?? [];
      if (created.length > 0 && (row?.final ?? 0) > 0) await refreshCaptureJobsForEvents(tx, [], created);
    });
    return records.map(() => undefined);
  }

  /** A capture without pending events to write: the same statement as recordCapture. */
  createCaptureJob(job: NewCaptureJob): Promise<void> {
    return this.recordCapture(job, []);
  }

  async updateCaptureJob(id: string, update: CaptureJobUpdate): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const [row] = await this.db.query<{ n: number }>(UPDATE_JOB, [
      id,
      update.status ?? null,
      update.errors === undefined ? null : JSON.stringify(update.errors),
      update.finishedAt !== undefined,
      update.finishedAt ?? null,
    ]);
    return row?.n === 1;
  }

  async getCaptureJob(id: string): Promise<CaptureJob | null> {
    // Not a UUID cannot be a job: answer "not found" rather than a cast error.
    if (!UUID.test(id)) return null;
    return this.db.transaction(async (tx) => {
      const [job] = await tx.query<CaptureJobRow>(SELECT_JOB, [id]);
      if (!job) return null;
      const events = await tx.query<CaptureJobEventStatus>(SELECT_JOB_EVENTS, [id]);
      return { ...job, events };
    });
  }
}
