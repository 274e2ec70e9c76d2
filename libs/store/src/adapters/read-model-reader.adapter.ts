import type { SqlDatabase } from '../database/sql-session.port.js';
import {
  MAX_TRACE_DEPTH,
  recallImpactOf,
  type EpcisEventQuery,
  type EventPage,
  type PageRequest,
  type ReadModelReader,
  type RecordKeys,
  type RecallImpact,
  type TraceDirection,
  type TraceNode,
  type TraceResult,
  type GenealogyVersionAsOf,
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

// The walk carries nodes only — (direction, id, depth) — so UNION (not UNION ALL) dedupes narrow rows,
// and with the depth cap a cycle always ends. The edges are the steps out of every node reached before
// the cap (the same set the walk followed), read once afterwards; the truncation flag is a step out of a
// node at the cap to one not reached.
// What a trace answer was built from: the state rows of its nodes and every genealogy edge touching
// them. A trace can only change when one of those does — a new edge into or out of a node, or a node's
// state — so a cached answer is good as long as this string is the same. Rows are compared whole (md5
// of the row); edges are insert-only, so counting them suffices. `ids` is a SQL query of distinct ids.
// Every lookup is per id (LATERAL with LIMIT 1, which the planner cannot flatten into a join; correlated
// counts) so it stays on the indexes: a join or semi-join lets the planner hash the whole table instead
// whenever it misjudges how many ids there are (it always guesses for a recursive CTE), and that table
// grows with the read model — the anchor walks small genealogies on every batch that raises alerts.
const genealogyVersionOf = (ids: string): string => `(SELECT concat_ws('#',
      count(o.id) || '/' || coalesce(md5(string_agg(md5(o.r::text), '' ORDER BY i.id)), '-'),
      coalesce(sum((SELECT count(*) FROM genealogy_edges g WHERE g.parent_id = i.id)), 0),
      coalesce(sum((SELECT count(*) FROM genealogy_edges g WHERE g.child_id = i.id)), 0))
    FROM (${ids}) AS i(id) LEFT JOIN LATERAL (SELECT x.id, x AS r FROM objects x WHERE x.id = i.id LIMIT 1) o ON true)`;

const GENEALOGY_VERSION = `SELECT ${genealogyVersionOf('SELECT DISTINCT unnest($1::text[])')} AS version,
    pg_current_snapshot()::text AS "asOf"`;

// Unchanged since snapshot $1 when the change log still reaches back to it (nothing pruned at or above its
// xmin) and holds no transaction that is visible now but was not then (migration 1764000000004). Rows
// below the snapshot's xmin were all committed before it (or never), so the scan starts there.
const GENEALOGY_UNCHANGED_SINCE = `SELECT
    (SELECT below FROM genealogy_changes_pruned) <= pg_snapshot_xmin($1::pg_snapshot)
    AND NOT EXISTS (SELECT 1 FROM genealogy_changes c
      WHERE c.xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, $1::pg_snapshot)) AS unchanged`;

const TRACE = `WITH RECURSIVE walk(dir, id, depth) AS (
    SELECT d, $1::text, 0 FROM unnest($2::text[]) AS d
    UNION
    SELECT w.dir, n.dst, w.depth + 1
    FROM walk w CROSS JOIN LATERAL (${stepFrom('w')}) n
    WHERE w.depth < $3::int),
  visited AS (SELECT dir, id, min(depth) AS depth FROM walk GROUP BY dir, id),
  stepped AS (SELECT DISTINCT n.parent_id, n.child_id, n.kind, n.hash_id
    FROM visited v CROSS JOIN LATERAL (${stepFrom('v')}) n WHERE v.depth < $3::int)
  -- Plain rows, not JSON built in the database: on a 1,000-node walk building JSON costs more than the walk.
  -- t: n = node (s1 depth, s2 id, s3 direction), e = edge (s2 parent, s3 child, s4 hash ID), t = truncated (s1).
  SELECT 'n' AS t, v.depth AS s1, v.id AS s2, v.dir AS s3, NULL::text AS s4, o.id IS NOT NULL AS known, o.kind, o.gtin, o.lot,
    o.serial, o.status, o.custodian_msp AS "custodianMsp", o.location, o.holds, o.last_event_hash AS "lastEventHash",
    ${isoUtcMillis('o.updated_at')} AS "updatedAt"
  -- Per node by primary key (see genealogyVersionOf for why LATERAL … LIMIT 1).
  FROM visited v LEFT JOIN LATERAL (SELECT * FROM objects x WHERE x.id = v.id LIMIT 1) o ON true
  UNION ALL
  SELECT 'e', 0, x.parent_id, x.child_id, x.hash_id, false, x.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM stepped x
  UNION ALL
  SELECT 't', CASE WHEN EXISTS (SELECT 1 FROM visited v CROSS JOIN LATERAL (${stepFrom('v')}) n
      WHERE v.depth = $3::int AND NOT EXISTS (SELECT 1 FROM visited x WHERE x.dir = v.dir AND x.id = n.dst)) THEN 1 ELSE 0 END,
    '', '', NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  UNION ALL
  -- v = the genealogy version (s2) read in the same statement, so in the same snapshot as the walk.
  SELECT 'v', 0, ${genealogyVersionOf('SELECT DISTINCT id FROM visited')}, pg_current_snapshot()::text, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  ORDER BY 1, 2, 3, 4, 5`;

// Events are append-only and change only pending → anchored | rejected, so counting them per status
// (with the newest record time) changes whenever one is written or changes; object and registry rows
// are compared whole (md5 of the row) or by their updated_at.
const RECORD_VERSION = `SELECT concat_ws('#',
    (SELECT count(*) || '/' || count(e.batch_id) || '/' || count(*) FILTER (WHERE e.status = 'rejected') || '/'
        || coalesce(max(e.record_time)::text, '-')
      FROM event_objects eo JOIN events e ON e.hash_id = eo.hash_id WHERE eo.object_id = ANY($1::text[])),
    (SELECT string_agg(md5(o::text), ',' ORDER BY o.id) FROM objects o WHERE o.id = ANY($1::text[])),
    (SELECT string_agg(p.gtin || p.updated_at::text, ',' ORDER BY p.gtin) FROM products p WHERE p.gtin = ANY($2::text[])),
    (SELECT string_agg(g.msp_id || g.updated_at::text, ',' ORDER BY g.msp_id) FROM organisations g WHERE g.msp_id = ANY($3::text[])),
    (SELECT string_agg(l.gln || l.updated_at::text, ',' ORDER BY l.gln) FROM locations l WHERE l.gln = ANY($4::text[]))) AS version`;

type TraceRow = Omit<StoredObject, 'id' | 'kind' | 'status' | 'updatedAt'> & {
  readonly t: 'n' | 'e' | 't' | 'v';
  readonly s1: number;
  readonly s2: string;
  readonly s3: string;
  readonly s4: string | null;
  readonly known: boolean;
  readonly kind: string | null;
  readonly status: string | null;
  readonly updatedAt: string | null;
};

function storedObjectOf(r: TraceRow): StoredObject {
  return {
    id: r.s2,
    kind: r.kind ?? '',
    gtin: r.gtin,
    lot: r.lot,
    serial: r.serial,
    status: r.status ?? '',
    custodianMsp: r.custodianMsp,
    location: r.location,
    holds: r.holds,
    lastEventHash: r.lastEventHash,
    updatedAt: r.updatedAt ?? '',
  };
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

  async getObjects(ids: readonly string[]): Promise<ReadonlyMap<string, StoredObject>> {
    const found = new Map<string, StoredObject>();
    if (ids.length === 0) return found;
    const rows = await this.db.query<StoredObject>(`SELECT ${STORED_OBJECT_COLUMNS} FROM objects o WHERE o.id = ANY($1::text[])`, [
      [...new Set(ids)],
    ]);
    for (const row of rows) found.set(row.id, row);
    return found;
  }

  async getEventsByHash(hashIds: readonly string[]): Promise<ReadonlyMap<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    if (hashIds.length === 0) return found;
    const rows = await this.db.query<StoredEvent>(
      `SELECT ${STORED_EVENT_COLUMNS} FROM events e LEFT JOIN batches b ON b.id = e.batch_id WHERE e.hash_id = ANY($1::text[])`,
      [[...new Set(hashIds)]],
    );
    for (const row of rows) found.set(row.hashId, row);
    return found;
  }

  async decidedStatuses(hashIds: readonly string[]): Promise<ReadonlyMap<string, 'anchored' | 'rejected'>> {
    const decided = new Map<string, 'anchored' | 'rejected'>();
    if (hashIds.length === 0) return decided;
    const rows = await this.db.query<{ hashId: string; status: 'anchored' | 'rejected' }>(
      `SELECT hash_id AS "hashId", status FROM events WHERE hash_id = ANY($1::text[]) AND status <> 'pending'`,
      [[...new Set(hashIds)]],
    );
    for (const row of rows) decided.set(row.hashId, row.status);
    return decided;
  }

  async recordVersion(keys: RecordKeys): Promise<string> {
    const [row] = await this.db.query<{ version: string }>(RECORD_VERSION, [
      [...keys.objectIds],
      [...(keys.gtins ?? [])],
      [...(keys.mspIds ?? [])],
      [...(keys.glns ?? [])],
    ]);
    return row?.version ?? '';
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
    const rows = await this.db.query<TraceRow>(TRACE, [objectId, directionsOf(direction), depth]);
    const nodes = new Map<string, TraceNode>();
    const edges: GenealogyEdge[] = [];
    let truncated = false;
    let version = '';
    let asOf: string | undefined;
    for (const r of rows) {
      if (r.t === 'v') {
        version = r.s2;
        asOf = r.s3;
      } else if (r.t === 'e') edges.push({ parentId: r.s2, childId: r.s3, kind: r.kind as GenealogyEdge['kind'], hashId: r.s4 ?? '' });
      else if (r.t === 't') truncated = r.s1 === 1;
      // In 'both' the root (and a node reached both ways) appears once: the nearer reach wins.
      else if (!nodes.has(r.s2))
        nodes.set(r.s2, {
          id: r.s2,
          depth: r.s1,
          direction: r.s1 === 0 ? 'root' : r.s3 === 'up' ? 'upstream' : 'downstream',
          object: r.known ? storedObjectOf(r) : null,
        });
    }
    const eventHashes = [...new Set(edges.map((e) => e.hashId))].sort();
    return { root: objectId, nodes: [...nodes.values()], edges, eventHashes, truncated, version, ...(asOf === undefined ? {} : { asOf }) };
  }

  async genealogyVersion(objectIds: readonly string[]): Promise<string> {
    return (await this.genealogyVersionAsOf(objectIds)).version;
  }

  async genealogyVersionAsOf(objectIds: readonly string[]): Promise<GenealogyVersionAsOf> {
    const [row] = await this.db.query<{ version: string; asOf: string }>(GENEALOGY_VERSION, [[...new Set(objectIds)]]);
    return { version: row?.version ?? '', asOf: row?.asOf ?? '' };
  }

  async genealogyUnchangedSince(asOf: string): Promise<boolean> {
    // Not a snapshot this adapter made (xmin:xmax:xip-list): cannot tell.
    if (!/^\d+:\d+:[\d,]*$/.test(asOf)) return false;
    const [row] = await this.db.query<{ unchanged: boolean }>(GENEALOGY_UNCHANGED_SINCE, [asOf]);
    return row?.unchanged === true;
  }

  async recallImpact(objectId: string): Promise<RecallImpact> {
    return recallImpactOf(await this.trace(objectId, 'downstream', MAX_TRACE_DEPTH));
  }
}
