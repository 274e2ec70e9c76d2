/**
 * Generates the gateway bench's read model straight into PostgreSQL with bulk SQL (INSERT … SELECT over
 * generate_series): the schema is the one the store's own migrations create (ReadModelStore.open runs
 * them), filled as the projection would fill it. About 1M events:
 *
 * - 192,000 serialised items in 9,600 lots of 20 (20 products); per item commissioning, packing (an
 *   AggregationEvent into its lot's case, with the aggregation edge), shipping, receiving, retail selling;
 * - per lot five class-level events (commissioning with the lot number, inspecting, shipping, receiving,
 *   storing) — what a lot's consumer page shows;
 * - one 1,000-node genealogy: a root lot transformed into 10 lots, each into 10, …, 999 transformation
 *   edges made by 100 TransformationEvents;
 * - batches of 1,000 leaves in event order, whose Merkle roots are real (RFC 9162, as the anchor computes
 *   them), so the ledger check of the consumer page runs its whole proof.
 *
 * The database is cached: its COMMENT records the generator version once everything (indexes, ANALYZE)
 * is done; a run finding the same version skips generation.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { canonicalObjectId, MerkleTree } from '@lotledger/domain';
import { ReadModelStore } from '@lotledger/store';

export const GENERATOR_VERSION = 'lotledger-gateway-bench/1';

const PRODUCTS = 20;
const ORGS = ['PharmaCoMSP', 'SteelWorksMSP', 'AutoPartsMSP', 'LogisticsMSP', 'RetailMSP'] as const;
const LOCATIONS = 50;
const ITEMS = 192_000;
const ITEMS_PER_LOT = 20;
const LOTS = ITEMS / ITEMS_PER_LOT;
const ITEM_STEPS = 5;
const LOT_STEPS = 5;
const GENEALOGY_NODES = 1000;
const GENEALOGY_FANOUT = 10;
const GENEALOGY_PARENTS = Math.ceil((GENEALOGY_NODES - 1) / GENEALOGY_FANOUT);
const BATCH_SIZE = 1000;

const ITEM_EVENTS_FROM = 0;
const LOT_EVENTS_FROM = ITEMS * ITEM_STEPS;
const GENEALOGY_EVENTS_FROM = LOT_EVENTS_FROM + LOTS * LOT_STEPS;
export const TOTAL_EVENTS = GENEALOGY_EVENTS_FROM + GENEALOGY_PARENTS;

function checkDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

function gtinOf(product: number): string {
  const body = `04012345${String(100_000 + product).slice(1)}`;
  return body + checkDigit(body);
}

function glnOf(location: number): string {
  const body = `40123459${String(10_000 + location).slice(1)}`;
  return body + checkDigit(body);
}

function ssccOf(lot: number): string {
  const body = `04012345${String(lot).padStart(9, '0')}`;
  return body + checkDigit(body);
}

/** The hash ID of generated event n: the same text as the SQL expression HASH_SQL. */
function hashIdOf(n: number): string {
  return `ni:///sha-256;${createHash('sha256')
    .update(`lotledger-bench:${String(n)}`)
    .digest('hex')}?ver=CBV2.0`;
}
const HASH_SQL = (n: string): string =>
  `'ni:///sha-256;' || encode(sha256(convert_to('lotledger-bench:' || ${n}, 'UTF8')), 'hex') || '?ver=CBV2.0'`;

/** What the bench asks for: a lot's consumer page and the genealogy's root. */
export interface BenchTargets {
  readonly lotPath: string;
  readonly lotId: string;
  readonly genealogyRoot: string;
  readonly genealogyNodes: number;
  readonly events: number;
}

export function benchTargets(): BenchTargets {
  const lot = 4242;
  const gtin = gtinOf(lot % PRODUCTS);
  const code = `L${String(lot).padStart(6, '0')}`;
  return {
    lotPath: `/01/${gtin}/10/${code}`,
    lotId: `https://id.gs1.org/01/${gtin}/10/${code}`,
    genealogyRoot: `https://id.gs1.org/01/${gtinOf(0)}/10/G0000`,
    genealogyNodes: GENEALOGY_NODES,
    events: TOTAL_EVENTS,
  };
}

async function databaseComment(admin: pg.Client, database: string): Promise<string | null> {
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [database],
  );
  return rows.length === 0 ? null : (rows[0]?.comment ?? '');
}

/** Makes sure `benchUrl` names a database holding the generated store of this generator version. */
export async function ensureBenchStore(adminUrl: string, benchUrl: string, log: (line: string) => void): Promise<'cached' | 'generated'> {
  const database = new URL(benchUrl).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`bench database name ${database} is not a plain identifier`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const comment = await databaseComment(admin, database);
    if (comment === GENERATOR_VERSION) return 'cached';
    if (comment !== null) {
      log(`bench database ${database} is from another generator version (${comment || 'incomplete'}): dropping it`);
      await admin.query(`DROP DATABASE ${database}`);
    }
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const started = Date.now();
  // The store's own migrations make the schema; the registry goes in through its ports.
  const store = await ReadModelStore.open({ kind: 'postgres', url: benchUrl });
  try {
    await seedRegistry(store);
  } finally {
    await store.close();
  }
  const client = new pg.Client({ connectionString: benchUrl });
  await client.connect();
  try {
    await fill(client, log);
  } finally {
    await client.end();
  }
  const done = new pg.Client({ connectionString: adminUrl });
  await done.connect();
  try {
    await done.query(`COMMENT ON DATABASE ${database} IS '${GENERATOR_VERSION}'`);
  } finally {
    await done.end();
  }
  log(`generated ${String(TOTAL_EVENTS)} events in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 'generated';
}

async function seedRegistry(store: ReadModelStore): Promise<void> {
  for (const [i, mspId] of ORGS.entries()) {
    await store.upsertOrganisation({
      mspId,
      name: `${mspId.replace(/MSP$/, '')} Ltd`,
      role: i < 3 ? 'manufacturer' : i === 3 ? 'distributor' : 'retailer',
      companyPrefixes: i === 0 ? ['4012345'] : [],
      glns: Array.from({ length: LOCATIONS / ORGS.length }, (_, k) => glnOf(k * ORGS.length + i)),
      signingKeys: [],
      clientId: null,
      clientSecretHash: null,
    });
  }
  const industries = ['pharma', 'steel', 'auto', 'other'] as const;
  for (let p = 0; p < PRODUCTS; p++)
    await store.upsertProduct({
      gtin: gtinOf(p),
      name: `Bench product ${String(p)}`,
      industry: industries[p % industries.length] ?? 'other',
      imageUrl: null,
      publicAttributes: { strength: `${String(10 + p)} mg` },
      ownerMsp: ORGS[p % ORGS.length] ?? 'PharmaCoMSP',
    });
  for (let l = 0; l < LOCATIONS; l++)
    await store.upsertLocation({
      gln: glnOf(l),
      name: `Site ${String(l)}`,
      address: { city: `City ${String(l % 7)}` },
      ownerMsp: ORGS[l % ORGS.length] ?? 'PharmaCoMSP',
    });
}

interface Statement {
  readonly what: string;
  readonly sql: string;
  readonly params: unknown[];
}

async function fill(client: pg.Client, log: (line: string) => void): Promise<void> {
  const gtinDls = Array.from({ length: PRODUCTS }, (_, p) => `https://id.gs1.org/01/${gtinOf(p)}`);
  const glnDls = Array.from({ length: LOCATIONS }, (_, l) => `https://id.gs1.org/414/${glnOf(l)}`);
  const caseDls = Array.from({ length: LOTS }, (_, l) => `https://id.gs1.org/00/${ssccOf(l)}`);
  // The generated identifiers are the canonical ones the domain would store (a wrong check digit fails here).
  for (const id of [gtinDls[0] ?? '', `${gtinDls[1] ?? ''}/10/L000001`, glnDls[3] ?? '', caseDls[7] ?? ''])
    if (canonicalObjectId(id) !== id) throw new Error(`generated id ${id} is not canonical (${canonicalObjectId(id)})`);

  log('  computing Merkle roots of the batches');
  const batches = Math.ceil(TOTAL_EVENTS / BATCH_SIZE);
  const roots: string[] = [];
  const txIds: string[] = [];
  for (let b = 0; b < batches; b++) {
    const leaves: string[] = [];
    for (let n = b * BATCH_SIZE; n < Math.min(TOTAL_EVENTS, (b + 1) * BATCH_SIZE); n++) leaves.push(hashIdOf(n));
    roots.push(MerkleTree.fromLeaves(leaves).rootHex);
    txIds.push(
      createHash('sha256')
        .update(`bench-tx:${String(b)}`)
        .digest('hex'),
    );
  }

  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  // Bulk load without the secondary indexes, then rebuild them from their own definitions (the
  // migrations' DDL, read back from pg_indexes): same schema, a fraction of the time.
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('events', 'event_objects', 'objects', 'genealogy_edges', 'batches')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  const statements: Statement[] = [];
  const add = (what: string, sql: string, params: unknown[] = []): void => {
    statements.push({ what, sql, params });
  };

  const p = (index: number): string => `$${String(index)}::text[]`;
  // $1 roots, $2 tx ids, $3 product GTIN links, $4 location links, $5 case links, $6 org MSP ids.
  const params = [roots, txIds, gtinDls, glnDls, caseDls, [...ORGS]];
  const batchCols = (n: string): string =>
    `(${p(1)})[${n} / ${String(BATCH_SIZE)} + 1], (${p(2)})[${n} / ${String(BATCH_SIZE)} + 1], ${n} / ${String(BATCH_SIZE)} + 1, ${n} % ${String(BATCH_SIZE)}`;
  const eventColumns = `hash_id, event_id, type, action, biz_step, disposition, event_time, event_time_zone_offset, record_time,
    read_point, biz_location, submitter_msp, capture_id, event, status, reject_code, reject_reason, batch_id, tx_id, block_number, leaf_index`;
  const timeOf = (n: string): string => `timestamptz '2026-01-01T00:00:00Z' + (${n}) * interval '2 seconds'`;

  add(
    'batches',
    `INSERT INTO batches (id, merkle_root, tx_id, block_number, submitter_msp, event_count, accepted, rejected, anchored_at, leaves)
     SELECT r.root, r.root, r.tx, r.b, 'PharmaCoMSP', cardinality(l.leaves), cardinality(l.leaves), 0,
       timestamptz '2026-01-01T00:00:00Z' + (r.b * ${String(BATCH_SIZE)} + ${String(BATCH_SIZE)}) * interval '2 seconds', l.leaves
     FROM unnest(${p(1)}, ${p(2)}) WITH ORDINALITY AS r(root, tx, b)
     CROSS JOIN LATERAL (SELECT array_agg(${HASH_SQL('n')} ORDER BY n) AS leaves
       FROM generate_series((r.b - 1) * ${String(BATCH_SIZE)}, least(r.b * ${String(BATCH_SIZE)}, ${String(TOTAL_EVENTS)}) - 1) n) l`,
    params.slice(0, 2),
  );

  // Items: n = item * 5 + step. lot = item / 20, product = lot % 20.
  const itemSteps = `(ARRAY['commissioning', 'packing', 'shipping', 'receiving', 'retail_selling'])`;
  const itemDisp = `(ARRAY['active', 'in_progress', 'in_transit', 'in_progress', 'retail_sold'])`;
  add(
    'item events',
    `INSERT INTO events (${eventColumns})
     SELECT ${HASH_SQL('n')}, md5('id:' || n)::uuid::text,
       CASE WHEN s = 1 THEN 'AggregationEvent' ELSE 'ObjectEvent' END, CASE WHEN s <= 1 THEN 'ADD' ELSE 'OBSERVE' END,
       ${itemSteps}[s + 1], ${itemDisp}[s + 1], ${timeOf('n')}, '+01:00', ${timeOf('n')} + interval '1 minute',
       loc, loc, (${p(6)})[(pr + (s / 3)) % 5 + 1], NULL,
       CASE WHEN s = 1 THEN jsonb_build_object('type', 'AggregationEvent', 'eventID', md5('id:' || n)::uuid::text,
           'eventTime', to_char((${timeOf('n')}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventTimeZoneOffset', '+01:00',
           'action', 'ADD', 'bizStep', 'packing', 'disposition', 'in_progress', 'parentID', (${p(5)})[lot + 1],
           'childEPCs', jsonb_build_array(item), 'readPoint', jsonb_build_object('id', loc), 'bizLocation', jsonb_build_object('id', loc))
         ELSE jsonb_build_object('type', 'ObjectEvent', 'eventID', md5('id:' || n)::uuid::text,
           'eventTime', to_char((${timeOf('n')}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventTimeZoneOffset', '+01:00',
           'action', CASE WHEN s = 0 THEN 'ADD' ELSE 'OBSERVE' END, 'bizStep', ${itemSteps}[s + 1], 'disposition', ${itemDisp}[s + 1],
           'epcList', jsonb_build_array(item), 'readPoint', jsonb_build_object('id', loc), 'bizLocation', jsonb_build_object('id', loc))
         END,
       'anchored', NULL, NULL, ${batchCols('n')}
     FROM (SELECT n, n % 5 AS s, n / 5 / ${String(ITEMS_PER_LOT)} AS lot, (n / 5 / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} AS pr,
             (${p(3)})[(n / 5 / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1] || '/21/S' || (n / 5) AS item,
             (${p(4)})[((n / 5 / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} * 2 + (n % 5) / 3) % ${String(LOCATIONS)} + 1] AS loc
           FROM generate_series(${String(ITEM_EVENTS_FROM)}, ${String(LOT_EVENTS_FROM - 1)}) n) g`,
    params,
  );
  add(
    'item event objects',
    `INSERT INTO event_objects (hash_id, object_id, role, quantity, uom)
     SELECT ${HASH_SQL('n')}, x.object_id, x.role, NULL, NULL
     FROM generate_series(${String(ITEM_EVENTS_FROM)}, ${String(LOT_EVENTS_FROM - 1)}) n
     CROSS JOIN LATERAL (
       SELECT (${p(1)})[(n / 5 / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1] || '/21/S' || (n / 5) AS object_id,
         CASE WHEN n % 5 = 1 THEN 'child' ELSE 'epc' END AS role
       UNION ALL
       SELECT (${p(2)})[n / 5 / ${String(ITEMS_PER_LOT)} + 1], 'parent' WHERE n % 5 = 1) x`,
    [gtinDls, caseDls],
  );
  add(
    'aggregation edges',
    `INSERT INTO genealogy_edges (parent_id, child_id, kind, hash_id)
     SELECT (${p(2)})[i / ${String(ITEMS_PER_LOT)} + 1], (${p(1)})[(i / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1] || '/21/S' || i,
       'aggregation', ${HASH_SQL('i * 5 + 1')}
     FROM generate_series(0, ${String(ITEMS - 1)}) i`,
    [gtinDls, caseDls],
  );

  // Lots: n = LOT_EVENTS_FROM + lot * 5 + step; times sit among the lot's items' events.
  const lotSteps = `(ARRAY['commissioning', 'inspecting', 'shipping', 'receiving', 'storing'])`;
  const lotTime = `timestamptz '2026-01-01T00:00:00Z' + (lot * 100 + s * 20) * interval '2 seconds'`;
  add(
    'lot events',
    `INSERT INTO events (${eventColumns})
     SELECT ${HASH_SQL('n')}, md5('id:' || n)::uuid::text, 'ObjectEvent', CASE WHEN s = 0 THEN 'ADD' ELSE 'OBSERVE' END,
       ${lotSteps}[s + 1], NULL, ${lotTime}, '+01:00', ${lotTime} + interval '1 minute', loc, loc, (${p(6)})[(pr + (s / 2)) % 5 + 1], NULL,
       jsonb_build_object('type', 'ObjectEvent', 'eventID', md5('id:' || n)::uuid::text,
         'eventTime', to_char((${lotTime}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventTimeZoneOffset', '+01:00',
         'action', CASE WHEN s = 0 THEN 'ADD' ELSE 'OBSERVE' END, 'bizStep', ${lotSteps}[s + 1],
         'quantityList', jsonb_build_array(jsonb_build_object('epcClass', lot_id, 'quantity', ${String(ITEMS_PER_LOT)})),
         'readPoint', jsonb_build_object('id', loc), 'bizLocation', jsonb_build_object('id', loc))
       || CASE WHEN s = 0 THEN jsonb_build_object('ilmd', jsonb_build_object('cbvmda:lotNumber', code,
            'cbvmda:itemExpirationDate', '2028-01-31')) ELSE '{}'::jsonb END,
       'anchored', NULL, NULL, ${batchCols('n')}
     FROM (SELECT n, k % 5 AS s, k / 5 AS lot, (k / 5) % ${String(PRODUCTS)} AS pr, 'L' || lpad((k / 5)::text, 6, '0') AS code,
             (${p(3)})[(k / 5) % ${String(PRODUCTS)} + 1] || '/10/L' || lpad((k / 5)::text, 6, '0') AS lot_id,
             (${p(4)})[((k / 5) % ${String(PRODUCTS)} * 2 + (k % 5) / 2) % ${String(LOCATIONS)} + 1] AS loc
           FROM generate_series(${String(LOT_EVENTS_FROM)}, ${String(GENEALOGY_EVENTS_FROM - 1)}) n,
             LATERAL (SELECT n - ${String(LOT_EVENTS_FROM)} AS k) kk) g
     WHERE $5::text[] IS NOT NULL`,
    params,
  );
  add(
    'lot event objects',
    `INSERT INTO event_objects (hash_id, object_id, role, quantity, uom)
     SELECT ${HASH_SQL('n')}, (${p(1)})[((n - ${String(LOT_EVENTS_FROM)}) / 5) % ${String(PRODUCTS)} + 1] || '/10/L'
       || lpad(((n - ${String(LOT_EVENTS_FROM)}) / 5)::text, 6, '0'), 'quantity_class', ${String(ITEMS_PER_LOT)}, NULL
     FROM generate_series(${String(LOT_EVENTS_FROM)}, ${String(GENEALOGY_EVENTS_FROM - 1)}) n`,
    [gtinDls],
  );

  // The genealogy: node j's children are 10j+1 … 10j+10 (below 1,000); parent j's event is GENEALOGY_EVENTS_FROM + j.
  const node = (j: string, gtins = 3): string => `(${p(gtins)})[(${j}) % ${String(PRODUCTS)} + 1] || '/10/G' || lpad((${j})::text, 4, '0')`;
  const children = `SELECT c FROM generate_series(j * ${String(GENEALOGY_FANOUT)} + 1, least(j * ${String(GENEALOGY_FANOUT)} + ${String(GENEALOGY_FANOUT)}, ${String(GENEALOGY_NODES - 1)})) c`;
  add(
    'genealogy events',
    `INSERT INTO events (${eventColumns})
     SELECT ${HASH_SQL('n')}, md5('id:' || n)::uuid::text, 'TransformationEvent', NULL, 'commissioning', 'active',
       ${timeOf('n')}, '+01:00', ${timeOf('n')} + interval '1 minute', (${p(4)})[j % ${String(LOCATIONS)} + 1],
       (${p(4)})[j % ${String(LOCATIONS)} + 1], (${p(6)})[j % 5 + 1], NULL,
       jsonb_build_object('type', 'TransformationEvent', 'eventID', md5('id:' || n)::uuid::text,
         'eventTime', to_char((${timeOf('n')}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'eventTimeZoneOffset', '+01:00',
         'bizStep', 'commissioning', 'disposition', 'active',
         'inputQuantityList', jsonb_build_array(jsonb_build_object('epcClass', ${node('j')}, 'quantity', 1)),
         'outputQuantityList', (SELECT jsonb_agg(jsonb_build_object('epcClass', ${node('c')}, 'quantity', 1)) FROM (${children}) cc),
         'bizLocation', jsonb_build_object('id', (${p(4)})[j % ${String(LOCATIONS)} + 1])),
       'anchored', NULL, NULL, ${batchCols('n')}
     FROM (SELECT n, n - ${String(GENEALOGY_EVENTS_FROM)} AS j FROM generate_series(${String(GENEALOGY_EVENTS_FROM)}, ${String(TOTAL_EVENTS - 1)}) n) g
     WHERE $5::text[] IS NOT NULL`,
    params,
  );
  add(
    'genealogy event objects and edges',
    `WITH links AS (
       SELECT ${HASH_SQL(`j + ${String(GENEALOGY_EVENTS_FROM)}`)} AS hash_id, ${node('j', 1)} AS parent_id, ${node('c', 1)} AS child_id
       FROM generate_series(0, ${String(GENEALOGY_PARENTS - 1)}) j CROSS JOIN LATERAL (${children}) cc),
     objects_written AS (
       INSERT INTO event_objects (hash_id, object_id, role, quantity, uom)
       SELECT DISTINCT hash_id, parent_id, 'input', 1::float8, NULL::text FROM links
       UNION ALL SELECT hash_id, child_id, 'output', 1, NULL FROM links RETURNING 1)
     INSERT INTO genealogy_edges (parent_id, child_id, kind, hash_id) SELECT parent_id, child_id, 'transformation', hash_id FROM links`,
    [gtinDls],
  );

  // Current states: items, lots, cases and genealogy lots.
  add(
    'objects',
    `INSERT INTO objects (id, kind, gtin, lot, serial, status, custodian_msp, location, holds, last_event_hash, updated_at)
     SELECT (${p(1)})[(i / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1] || '/21/S' || i, 'sgtin',
       substr((${p(1)})[(i / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1], 23), 'L' || lpad((i / ${String(ITEMS_PER_LOT)})::text, 6, '0'),
       'S' || i, 'active', (${p(3)})[((i / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} + 1) % 5 + 1],
       (${p(2)})[((i / ${String(ITEMS_PER_LOT)}) % ${String(PRODUCTS)} * 2 + 1) % ${String(LOCATIONS)} + 1], '[]'::jsonb,
       ${HASH_SQL('i * 5 + 4')}, timestamptz '2026-01-01T00:00:00Z' + (i * 5 + 4) * interval '2 seconds'
     FROM generate_series(0, ${String(ITEMS - 1)}) i
     UNION ALL
     SELECT (${p(1)})[l % ${String(PRODUCTS)} + 1] || '/10/L' || lpad(l::text, 6, '0'), 'lgtin', substr((${p(1)})[l % ${String(PRODUCTS)} + 1], 23),
       'L' || lpad(l::text, 6, '0'), NULL, 'active', (${p(3)})[(l % ${String(PRODUCTS)} + 2) % 5 + 1],
       (${p(2)})[(l % ${String(PRODUCTS)} * 2 + 2) % ${String(LOCATIONS)} + 1], '[]'::jsonb,
       ${HASH_SQL(`${String(LOT_EVENTS_FROM)} + l * 5 + 4`)}, timestamptz '2026-01-01T00:00:00Z' + (l * 100 + 80) * interval '2 seconds'
     FROM generate_series(0, ${String(LOTS - 1)}) l
     UNION ALL
     SELECT (${p(4)})[l + 1], 'sscc', NULL, NULL, NULL, 'active', (${p(3)})[(l % ${String(PRODUCTS)}) % 5 + 1],
       (${p(2)})[(l % ${String(PRODUCTS)} * 2) % ${String(LOCATIONS)} + 1], '[]', NULL, timestamptz '2026-01-01T00:00:00Z' + l * 100 * interval '2 seconds'
     FROM generate_series(0, ${String(LOTS - 1)}) l
     UNION ALL
     SELECT ${node('j', 1)}, 'lgtin', substr((${p(1)})[j % ${String(PRODUCTS)} + 1], 23), 'G' || lpad(j::text, 4, '0'), NULL, 'active',
       (${p(3)})[j % 5 + 1], (${p(2)})[j % ${String(LOCATIONS)} + 1], '[]', NULL, timestamptz '2026-03-01T00:00:00Z'
     FROM generate_series(0, ${String(GENEALOGY_NODES - 1)}) j`,
    [gtinDls, glnDls, [...ORGS], caseDls],
  );

  // Every statement is planned before any runs: a mistake fails in a second, not after minutes of loading.
  for (const statement of statements) await client.query(`EXPLAIN ${statement.sql}`, statement.params);
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  for (const statement of statements) {
    const t = Date.now();
    const result = await client.query(statement.sql, statement.params);
    log(`  ${statement.what}: ${String(result.rowCount ?? 0)} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const index of indexes) {
    const t = Date.now();
    await client.query(index.indexdef);
    log(`  index ${index.indexname}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const t = Date.now();
  await client.query('ANALYZE');
  log(`  analyze: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
