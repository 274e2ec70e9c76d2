import type { SqlSession } from '../database/sql-session.port.js';

// Locks the running jobs that hold any of the given events (or the given jobs), in id order so that two
// batches closing the same jobs cannot deadlock. Waiting on the lock also waits for the other batch to commit.
const LOCK_JOBS = `SELECT j.id::text AS id FROM capture_jobs j
  WHERE j.status = 'running'
    AND j.id IN (SELECT capture_id FROM capture_job_events WHERE hash_id = ANY($1::text[]) UNION SELECT unnest($2::uuid[]))
  ORDER BY j.id FOR UPDATE`;

// Recounts and closes the locked jobs whose events are all final: success (all anchored, no validation
// errors), failed (none anchored), else partial. A separate statement on purpose: under READ COMMITTED it
// takes a fresh snapshot after the locks, so it sees the events of a batch that committed meanwhile (in one
// statement, two batches committing together each saw the other's events as pending and the job never closed).
const CLOSE_JOBS = `WITH stats AS (
    SELECT cje.capture_id, count(*)::int AS total,
      count(*) FILTER (WHERE e.status = 'anchored')::int AS anchored,
      count(*) FILTER (WHERE e.status = 'rejected')::int AS rejected
    FROM capture_job_events cje LEFT JOIN events e ON e.hash_id = cje.hash_id
    WHERE cje.capture_id = ANY($1::uuid[])
    GROUP BY cje.capture_id)
  UPDATE capture_jobs j SET anchored_count = s.anchored, rejected_count = s.rejected,
    status = CASE WHEN s.anchored + s.rejected < s.total THEN 'running'
      WHEN s.rejected = 0 AND j.errors = '[]'::jsonb THEN 'success'
      WHEN s.anchored = 0 THEN 'failed'
      ELSE 'partial' END,
    finished_at = CASE WHEN s.anchored + s.rejected < s.total THEN NULL ELSE now() END
  FROM stats s
  WHERE j.id = s.capture_id`;

export async function refreshCaptureJobsForEvents(
  tx: SqlSession,
  hashIds: readonly string[],
  captureIds: readonly string[] = [],
): Promise<void> {
  const locked = await tx.query<{ id: string }>(LOCK_JOBS, [hashIds, captureIds]);
  if (locked.length > 0) await tx.query(CLOSE_JOBS, [locked.map((j) => j.id)]);
}
