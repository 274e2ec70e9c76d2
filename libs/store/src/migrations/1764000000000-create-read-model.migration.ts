import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole read model. No foreign keys between the projection tables on purpose: the model is an
 * append-mostly projection that can be rebuilt from Kafka + the ledger, and the bulk write path
 * (unnest + ON CONFLICT) must not pay per-row FK checks.
 */
export class CreateReadModel1764000000000 implements MigrationInterface {
  name = 'CreateReadModel1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE batches (
      id text PRIMARY KEY,
      merkle_root text NOT NULL,
      tx_id text NOT NULL,
      block_number bigint NOT NULL,
      submitter_msp text NOT NULL,
      event_count integer NOT NULL,
      accepted integer NOT NULL,
      rejected integer NOT NULL,
      anchored_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE TABLE events (
      hash_id text PRIMARY KEY,
      event_id text,
      type text NOT NULL,
      action text,
      biz_step text,
      disposition text,
      event_time timestamptz NOT NULL,
      event_time_zone_offset text NOT NULL,
      record_time timestamptz NOT NULL,
      read_point text,
      biz_location text,
      submitter_msp text NOT NULL,
      capture_id text,
      event jsonb NOT NULL,
      status text NOT NULL CONSTRAINT events_status_check CHECK (status IN ('pending', 'anchored', 'rejected')),
      reject_code text,
      reject_reason text,
      batch_id text,
      tx_id text,
      block_number bigint,
      leaf_index integer)`);
    // Keyset pagination walks (event_time, hash_id); the others serve the EPCIS EQ_/GE_/LT_ filters.
    await queryRunner.query(`CREATE INDEX events_event_time_idx ON events (event_time, hash_id)`);
    await queryRunner.query(`CREATE INDEX events_record_time_idx ON events (record_time)`);
    await queryRunner.query(`CREATE INDEX events_type_idx ON events (type)`);
    await queryRunner.query(`CREATE INDEX events_biz_step_idx ON events (biz_step)`);
    await queryRunner.query(`CREATE INDEX events_disposition_idx ON events (disposition)`);
    await queryRunner.query(`CREATE INDEX events_read_point_idx ON events (read_point)`);
    await queryRunner.query(`CREATE INDEX events_biz_location_idx ON events (biz_location)`);
    await queryRunner.query(`CREATE INDEX events_event_id_idx ON events (event_id)`);
    await queryRunner.query(`CREATE INDEX events_batch_idx ON events (batch_id, leaf_index)`);
    await queryRunner.query(`CREATE TABLE event_objects (
      hash_id text NOT NULL,
      object_id text NOT NULL,
      role text NOT NULL CONSTRAINT event_objects_role_check CHECK (role IN ('epc', 'parent', 'child', 'input', 'output', 'quantity_class')),
      quantity double precision,
      uom text,
      CONSTRAINT event_objects_pkey PRIMARY KEY (hash_id, role, object_id))`);
    await queryRunner.query(`CREATE INDEX event_objects_object_idx ON event_objects (object_id, role)`);
    await queryRunner.query(`CREATE TABLE objects (
      id text PRIMARY KEY,
      kind text NOT NULL,
      gtin text,
      lot text,
      serial text,
      status text NOT NULL,
      custodian_msp text,
      location text,
      holds jsonb NOT NULL DEFAULT '[]',
      last_event_hash text,
      updated_at timestamptz NOT NULL)`);
    await queryRunner.query(`CREATE INDEX objects_gtin_lot_idx ON objects (gtin, lot)`);
    await queryRunner.query(`CREATE INDEX objects_custodian_idx ON objects (custodian_msp)`);
    // Both directions of the graph are walked: the PK serves parent → child, the index child → parent.
    await queryRunner.query(`CREATE TABLE genealogy_edges (
      parent_id text NOT NULL,
      child_id text NOT NULL,
      kind text NOT NULL CONSTRAINT genealogy_edges_kind_check CHECK (kind IN ('aggregation', 'transformation', 'association')),
      hash_id text NOT NULL,
      CONSTRAINT genealogy_edges_pkey PRIMARY KEY (parent_id, child_id, hash_id))`);
    await queryRunner.query(`CREATE INDEX genealogy_edges_child_idx ON genealogy_edges (child_id, parent_id)`);
    await queryRunner.query(`CREATE TABLE organisations (
      msp_id text PRIMARY KEY,
      name text NOT NULL,
      role text NOT NULL,
      company_prefixes text[] NOT NULL DEFAULT '{}',
      glns text[] NOT NULL DEFAULT '{}',
      signing_keys jsonb NOT NULL DEFAULT '[]',
      client_id text CONSTRAINT organisations_client_id_key UNIQUE,
      client_secret_hash text,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE INDEX organisations_glns_idx ON organisations USING gin (glns)`);
    await queryRunner.query(`CREATE TABLE products (
      gtin text PRIMARY KEY,
      name text NOT NULL,
      industry text NOT NULL CONSTRAINT products_industry_check CHECK (industry IN ('pharma', 'auto', 'steel', 'other')),
      image_url text,
      public_attributes jsonb NOT NULL DEFAULT '{}',
      owner_msp text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE INDEX products_owner_idx ON products (owner_msp)`);
    await queryRunner.query(`CREATE TABLE locations (
      gln text PRIMARY KEY,
      name text NOT NULL,
      address jsonb,
      owner_msp text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE INDEX locations_owner_idx ON locations (owner_msp)`);
    await queryRunner.query(`CREATE TABLE capture_jobs (
      id uuid PRIMARY KEY,
      submitter_msp text NOT NULL,
      status text NOT NULL CONSTRAINT capture_jobs_status_check CHECK (status IN ('running', 'success', 'partial', 'failed')),
      error_behaviour text NOT NULL CONSTRAINT capture_jobs_error_behaviour_check CHECK (error_behaviour IN ('rollback', 'proceed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      event_count integer NOT NULL DEFAULT 0,
      anchored_count integer NOT NULL DEFAULT 0,
      rejected_count integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]')`);
    await queryRunner.query(`CREATE INDEX capture_jobs_running_idx ON capture_jobs (status) WHERE status = 'running'`);
    await queryRunner.query(`CREATE TABLE capture_job_events (
      capture_id uuid NOT NULL,
      ordinal integer NOT NULL,
      hash_id text NOT NULL,
      CONSTRAINT capture_job_events_pkey PRIMARY KEY (capture_id, ordinal))`);
    await queryRunner.query(`CREATE INDEX capture_job_events_hash_idx ON capture_job_events (hash_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'capture_job_events',
      'capture_jobs',
      'locations',
      'products',
      'organisations',
      'genealogy_edges',
      'objects',
      'event_objects',
      'events',
      'batches',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
