/**
 * SQL text shared by the adapters. Only column expressions live here — every value travels as a
 * bind parameter.
 */

/** A timestamptz rendered as an ISO 8601 UTC string with milliseconds, the same on pg and PGlite. */
export function isoUtcMillis(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Microsecond precision: what keyset cursors carry so that no row is skipped or repeated. */
export function isoUtcMicros(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export const STORED_EVENT_COLUMNS = `e.hash_id AS "hashId", e.event_id AS "eventId", e.type, e.action,
  e.biz_step AS "bizStep", e.disposition, ${isoUtcMillis('e.event_time')} AS "eventTime",
  e.event_time_zone_offset AS "eventTimeZoneOffset", ${isoUtcMillis('e.record_time')} AS "recordTime",
  e.read_point AS "readPoint", e.biz_location AS "bizLocation", e.submitter_msp AS "submitterMsp",
  e.capture_id AS "captureId", e.event, e.status, e.reject_code AS "rejectCode", e.reject_reason AS "rejectReason",
  e.batch_id AS "batchId", e.tx_id AS "txId", e.block_number::float8 AS "blockNumber", e.leaf_index AS "leafIndex",
  b.merkle_root AS "merkleRoot"`;

export const STORED_OBJECT_COLUMNS = `o.id, o.kind, o.gtin, o.lot, o.serial, o.status, o.custodian_msp AS "custodianMsp",
  o.location, o.holds, o.last_event_hash AS "lastEventHash", ${isoUtcMillis('o.updated_at')} AS "updatedAt"`;

/** Splits a list into sub-batches for bulk statements (bounded parameter size per statement). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
