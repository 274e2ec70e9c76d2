import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alerts inbox (issue 7 §1, §3): industry-profile findings raised when their event is anchored.
 * Unique on (event, code, field): the anchor's projection writes them with ON CONFLICT DO NOTHING in
 * the batch's transaction, so a replay raises nothing twice. Pages walk (raised_at, id) newest first,
 * a supplier's inbox (owner_msp, raised_at).
 */
export class Alerts1764000000002 implements MigrationInterface {
  name = 'Alerts1764000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE alerts (
      id text NOT NULL,
      event_hash_id text NOT NULL,
      object_id text NOT NULL,
      gtin text,
      industry text NOT NULL,
      code text NOT NULL,
      message text NOT NULL,
      field text NOT NULL,
      observed double precision NOT NULL,
      limit_min double precision,
      limit_max double precision,
      unit text NOT NULL,
      source text NOT NULL,
      owner_msp text,
      event_time timestamptz,
      raised_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      CONSTRAINT alerts_pkey PRIMARY KEY (id),
      CONSTRAINT alerts_event_code_field_key UNIQUE (event_hash_id, code, field))`);
    await queryRunner.query(`CREATE INDEX alerts_raised_idx ON alerts (raised_at, id)`);
    await queryRunner.query(`CREATE INDEX alerts_owner_idx ON alerts (owner_msp, raised_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alerts`);
  }
}
