import { createHash } from 'node:crypto';
import type { SqlDatabase, SqlSession } from '../database/sql-session.port.js';
import type { AlertPage, AlertPageRequest, AlertQuery, AlertStore, AlertToRaise, StoredAlert } from '../ports/alert-store.port.js';
import { InvalidCursorError } from '../query/event-cursor.js';
import { chunks, isoUtcMicros, isoUtcMillis } from '../query/sql-fragments.js';

const MAX_PAGE = 500;

/** The id of an alert follows from its key, so a rebuilt read model gives every alert the same id again. */
export function alertId(eventHashId: string, code: string, field: string): string {
  return createHash('sha256').update(`${eventHashId}\u0000${code}\u0000${field}`).digest('hex').slice(0, 32);
}

// Only for events this transaction (or an earlier one) stored as anchored: an alert exists iff its event is
// anchored. The key (event, code, field) makes a replay, or the same finding twice in one call, a no-op.
const INSERT_ALERTS = `WITH written AS (
  INSERT INTO alerts (id, event_hash_id, object_id, gtin, industry, code, message, field, observed, limit_min, limit_max,
    unit, source, owner_msp, event_time, raised_at)
  SELECT t.id, t.event_hash_id, t.object_id, t.gtin, t.industry, t.code, t.message, t.field, t.observed, t.limit_min,
    t.limit_max, t.unit, t.source, t.owner_msp, t.event_time, $17::timestamptz
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
      $9::float8[], $10::float8[], $11::float8[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::int4[])
    AS t(id, event_hash_id, object_id, gtin, industry, code, message, field, observed, limit_min, limit_max, unit, source,
      owner_msp, event_time, ord)
  WHERE EXISTS (SELECT 1 FROM events e WHERE e.hash_id = t.event_hash_id AND e.status = 'anchored')
  ORDER BY t.ord
  ON CONFLICT (event_hash_id, code, field) DO NOTHING
  RETURNING code)
SELECT code FROM written`;

const ALERT_COLUMNS = `a.id, a.event_hash_id AS "eventHashId", a.object_id AS "objectId", a.gtin, a.industry, a.code, a.message,
  a.field, a.observed, a.limit_min AS "limitMin", a.limit_max AS "limitMax", a.unit, a.source, a.owner_msp AS "ownerMsp",
  ${isoUtcMillis('a.event_time')} AS "eventTime", ${isoUtcMillis('a.raised_at')} AS "raisedAt",
  ${isoUtcMillis('a.acknowledged_at')} AS "acknowledgedAt", a.acknowledged_by AS "acknowledgedBy"`;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function encodeCursor(raisedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([raisedAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(token: string): { readonly raisedAt: string; readonly id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [raisedAt, id] = parsed as unknown[];
  if (typeof raisedAt !== 'string' || typeof id !== 'string' || !ISO_INSTANT.test(raisedAt)) throw new InvalidCursorError();
  return { raisedAt, id };
}

/**
 * Stores a batch's alerts inside its transaction (one bulk statement per sub-batch, never a row at a
 * time) and returns the codes of those newly stored. `raisedAt` is the batch's ledger time.
 */
export async function insertAlerts(tx: SqlSession, alerts: readonly AlertToRaise[], raisedAt: string, subBatch: number): Promise<string[]> {
  const raised: string[] = [];
  // Sorted by id: concurrent batches then take the unique-index locks in one order.
  const rows = alerts
    .map((a) => ({ ...a, id: alertId(a.eventHashId, a.code, a.field) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const part of chunks(rows, subBatch)) {
    const written = await tx.query<{ code: string }>(INSERT_ALERTS, [
      part.map((a) => a.id),
      part.map((a) => a.eventHashId),
      part.map((a) => a.objectId),
      part.map((a) => a.gtin),
      part.map((a) => a.industry),
      part.map((a) => a.code),
      part.map((a) => a.message),
      part.map((a) => a.field),
      part.map((a) => a.observed),
      part.map((a) => a.limitMin),
      part.map((a) => a.limitMax),
      part.map((a) => a.unit),
      part.map((a) => a.source),
      part.map((a) => a.ownerMsp),
      part.map((a) => a.eventTime),
      part.map((_, i) => i),
      raisedAt,
    ]);
    raised.push(...written.map((w) => w.code));
  }
  return raised;
}

export class AlertStoreAdapter implements AlertStore {
  constructor(private readonly db: SqlDatabase) {}

  async listAlerts(query: AlertQuery, page: AlertPageRequest): Promise<AlertPage> {
    const first = Math.max(1, Math.min(MAX_PAGE, Math.trunc(page.first)));
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${String(params.length)}`;
    };
    if (query.ownerMsp !== undefined) conditions.push(`a.owner_msp = ${param(query.ownerMsp)}::text`);
    if (query.industry !== undefined) conditions.push(`a.industry = ${param(query.industry)}::text`);
    if (query.code !== undefined) conditions.push(`a.code = ${param(query.code)}::text`);
    if (query.acknowledged !== undefined) conditions.push(`a.acknowledged_at IS ${query.acknowledged ? 'NOT NULL' : 'NULL'}`);
    if (page.after !== undefined) {
      const cursor = decodeCursor(page.after);
      conditions.push(`(a.raised_at, a.id) < (${param(cursor.raisedAt)}::timestamptz, ${param(cursor.id)}::text)`);
    }
    const limit = param(first + 1);
    const rows = await this.db.query<StoredAlert & { cursorTime: string }>(
      `SELECT ${ALERT_COLUMNS}, ${isoUtcMicros('a.raised_at')} AS "cursorTime" FROM alerts a
       ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
       ORDER BY a.raised_at DESC, a.id DESC LIMIT ${limit}::int`,
      params,
    );
    const pageRows = rows.slice(0, first);
    const last = pageRows[pageRows.length - 1];
    const nextCursor = rows.length > first && last !== undefined ? encodeCursor(last.cursorTime, last.id) : null;
    return { alerts: pageRows.map(withoutCursorTime), nextCursor };
  }

  async getAlert(id: string): Promise<StoredAlert | null> {
    const rows = await this.db.query<StoredAlert>(`SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async acknowledgeAlert(id: string, by: string, at: string): Promise<StoredAlert | null> {
    // The first acknowledgement wins: a later one finds no open row and reads the alert as it is.
    const rows = await this.db.query<StoredAlert>(
      `UPDATE alerts AS a SET acknowledged_at = $3::timestamptz, acknowledged_by = $2::text
       WHERE a.id = $1 AND a.acknowledged_at IS NULL RETURNING ${ALERT_COLUMNS}`,
      [id, by, at],
    );
    return rows[0] ?? this.getAlert(id);
  }
}

function withoutCursorTime(row: StoredAlert & { cursorTime: string }): StoredAlert {
  const alert: StoredAlert & { cursorTime?: string } = { ...row };
  delete alert.cursorTime;
  return alert;
}
