import type { SqlDatabase } from '../database/sql-session.port.js';
import {
  MAX_TRACE_DEPTH,
  type AffectedObject,
  type EpcisEventQuery,
  type EventPage,
  type PageRequest,
  type ReadModelReader,
  type RecallImpact,
  type TraceDirection,
  type TraceNode,
  type TraceResult,
} from '../ports/read-model-reader.port.js';
import type { GenealogyEdge, StoredBatch, StoredEvent, StoredObject } from '../ports/read-model.types.js';
import { buildEventFilter } from '../query/epcis-event-filter.js';
import { decodeEventCursor, encodeEventCursor } from '../query/event-cursor.js';
import { STORED_EVENT_COLUMNS, STORED_OBJECT_COLUMNS, isoUtcMicros, isoUtcMillis } from '../query/sql-fragments.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

// One step of a walk from `w.id`: for a transformation the parent is an input, so downstream goes
// parent → child; for an aggregation or association the parent is the container, so downstream goes
// child → parent. `up` reverses both. Each branch is an index lookup (the PK for parent_id, the child
// index for child_id); LATERAL keeps the planner from hashing the whole edge table on every iteration.
function stepFrom(w: string): string {
  return `SELECT e.child_id AS dst, e.parent_id, e.child_id, e.kind, e.hash_id FROM genealogy_edges e
      WHERE e.parent_id = ${w}.id AND (e.kind = 'transformation') = (${w}.dir = 'down')
    UNION ALL
    SELECT e.parent_id, e.parent_id, e.child_id, e.kind, e.hash_id FROM genealogy_edges e
      WHERE e.child_id = ${w}.id AND (e.kind = 'transformation') = (${w}.dir = 'up')`;
}

// UNION (not UNION ALL) drops repeated rows and the depth cap bounds a cycle: the walk always ends. Each
// row carries the edge that reached it, so nodes, edges and the truncation flag come from one walk.
const TRACE = `WITH RECURSIVE walk(dir, id, depth, parent_id, child_id, kind, hash_id) AS (
    SELECT d, $1::text, 0, NULL::text, NULL::text, NULL::text, NULL::text FROM unnest($2::text[]) AS d
    UNION
    SELECT w.dir, n.dst, w.depth + 1, n.parent_id, n.child_id, n.kind, n.hash_id
    FROM walk w CROSS JOIN LATERAL (${stepFrom('w')}) n
    WHERE w.depth < $3::int),
  visited AS (SELECT dir, id, min(depth) AS depth FROM walk GROUP BY dir, id)
  SELECT
    (SELECT json_agg(json_build_object('dir', v.dir, 'id', v.id, 'depth', v.depth, 'object',
        CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'kind', o.kind, 'gtin', o.gtin, 'lot', o.lot,
          'serial', o.serial, 'status', o.status, 'custodianMsp', o.custodian_msp, 'location', o.location, 'holds', o.holds,
          'lastEventHash', o.last_event_hash, 'updatedAt', ${isoUtcMillis('o.updated_at')}) END)
      ORDER BY v.depth, v.id, v.dir)
      FROM visited v LEFT JOIN objects o ON o.id = v.id) AS nodes,
    (SELECT json_agg(json_build_object('parentId', x.parent_id, 'childId', x.child_id, 'kind', x.kind, 'hashId', x.hash_id)
      ORDER BY x.parent_id, x.child_id, x.hash_id)
      FROM (SELECT DISTINCT parent_id, child_id, kind, hash_id FROM walk WHERE hash_id IS NOT NULL) x) AS edges,
    EXISTS (SELECT 1 FROM visited v CROSS JOIN LATERAL (${stepFrom('v')}) n
      WHERE v.depth = $3::int AND NOT EXISTS (SELECT 1 FROM visited x WHERE x.dir = v.dir AND x.id = n.dst)) AS truncated`;

interface TraceRow {
  readonly nodes:
    readonly { readonly dir: 'down' | 'up'; readonly id: string; readonly depth: number; readonly object: StoredObject | null }[] | null;
  readonly edges: readonly GenealogyEdge[] | null;
  readonly truncated: boolean;
}

function withoutCursorTime(row: StoredEvent & { cursorTime: string }): StoredEvent {
  const event: StoredEvent & { cursorTime?: string } = { ...row };
  delete event.cursorTime;
  return event;
}

function clampDepth(maxDepth: number): number {
  return Number.isFinite(maxDepth) ? Math.max(0, Math.min(MAX_TRACE_DEPTH, Math.trunc(maxDepth))) : MAX_TRACE_DEPTH;
}

function directionsOf(direction: TraceDirection): string[] {
  if (direction === 'both') return ['up', 'down'];
  return direction === 'upstream' ? ['up'] : ['down'];
}

export class ReadModelReaderAdapter implements ReadModelReader {
  constructor(private readonly db: SqlDatabase) {}

  async getEvent(hashIdOrEventId: string): Promise<StoredEvent | null> {
    const rows = await this.db.query<StoredEvent>(
      `SELECT ${STORED_EVENT_COLUMNS} FROM events e LEFT JOIN batches b ON b.id = e.batch_id
       WHERE e.hash_id = $1 OR e.event_id = $1 ORDER BY (e.hash_id = $1) DESC, e.record_time LIMIT 1`,
      [hashIdOrEventId],
    );
    return rows[0] ?? null;
  }

  async queryEvents(query: EpcisEventQuery, page: PageRequest = {}): Promise<EventPage> {
    const first = Math.max(1, Math.min(MAX_PAGE, Math.trunc(page.first ?? DEFAULT_PAGE)));
    const statuses = page.statuses ?? ['anchored'];
    const filter = buildEventFilter(query, 2);
    const conditions = ['e.status = ANY($1::text[])', ...filter.conditions];
    const params: unknown[] = [statuses, ...filter.params];
    if (page.after !== undefined) {
      const cursor = decodeEventCursor(page.after);
      params.push(cursor.eventTime, cursor.hashId);
      conditions.push(`(e.event_time, e.hash_id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`);
    }
    params.push(first + 1);
    const rows = await this.db.query<StoredEvent & { cursorTime: string }>(
      `SELECT ${STORED_EVENT_COLUMNS}, ${isoUtcMicros('e.event_time')} AS "cursorTime"
       FROM events e LEFT JOIN batches b ON b.id = e.batch_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY e.event_time, e.hash_id LIMIT $${params.length}::int`,
      params,
    );
    const pageRows = rows.slice(0, first);
    const last = pageRows[pageRows.length - 1];
    const nextCursor = rows.length > first && last ? encodeEventCursor({ eventTime: last.cursorTime, hashId: last.hashId }) : null;
    return { events: pageRows.map(withoutCursorTime), nextCursor };
  }

  async getObject(id: string): Promise<StoredObject | null> {
    const rows = await this.db.query<StoredObject>(`SELECT ${STORED_OBJECT_COLUMNS} FROM objects o WHERE o.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async getBatch(id: string): Promise<StoredBatch | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Omit<StoredBatch, 'leaves'> & { storedLeaves: string[] | null }>(
        `SELECT id, merkle_root AS "merkleRoot", tx_id AS "txId", block_number::float8 AS "blockNumber", submitter_msp AS "submitterMsp",
           event_count AS "eventCount", accepted, rejected, ${isoUtcMillis('anchored_at')} AS "anchoredAt", leaves AS "storedLeaves"
           FROM batches WHERE id = $1`,
        [id],
      );
      if (!row) return null;
      const { storedLeaves, ...batch } = row;
      if (storedLeaves !== null) return { ...batch, leaves: storedLeaves };
      // Batches written before leaves were kept: derive them (misses leaves anchored by an earlier batch).
      const leaves = await tx.query<{ hashId: string }>(`SELECT hash_id AS "hashId" FROM events WHERE batch_id = $1 ORDER BY leaf_index`, [
        id,
      ]);
      return { ...batch, leaves: leaves.map((l) => l.hashId) };
    });
  }

  async trace(objectId: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult> {
    const depth = clampDepth(maxDepth);
    const [row] = await this.db.query<TraceRow>(TRACE, [objectId, directionsOf(direction), depth]);
    const nodes = new Map<string, TraceNode>();
    for (const n of row?.nodes ?? []) {
      // In 'both' the root (and a node reached both ways) appears once: the nearer reach wins.
      if (!nodes.has(n.id))
        nodes.set(n.id, {
          id: n.id,
          depth: n.depth,
          direction: n.depth === 0 ? 'root' : n.dir === 'up' ? 'upstream' : 'downstream',
          object: n.object,
        });
    }
    const edges = row?.edges ?? [];
    const eventHashes = [...new Set(edges.map((e) => e.hashId))].sort();
    return { root: objectId, nodes: [...nodes.values()], edges, eventHashes, truncated: row?.truncated ?? false };
  }

  async recallImpact(objectId: string): Promise<RecallImpact> {
    const result = await this.trace(objectId, 'downstream', MAX_TRACE_DEPTH);
    const affected: AffectedObject[] = result.nodes
      .filter((n) => n.depth > 0)
      .map((n) => ({
        id: n.id,
        depth: n.depth,
        kind: n.object?.kind ?? null,
        gtin: n.object?.gtin ?? null,
        lot: n.object?.lot ?? null,
        serial: n.object?.serial ?? null,
        status: n.object?.status ?? null,
        custodianMsp: n.object?.custodianMsp ?? null,
        location: n.object?.location ?? null,
      }));
    const counts = new Map<string | null, number>();
    for (const a of affected) counts.set(a.custodianMsp, (counts.get(a.custodianMsp) ?? 0) + 1);
    const byOrganisation = [...counts.entries()]
      .map(([mspId, count]) => ({ mspId, count }))
      .sort((a, b) => b.count - a.count || String(a.mspId).localeCompare(String(b.mspId)));
    return { root: objectId, affected, byOrganisation, truncated: result.truncated };
  }
}
