import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lighter events table for the write path (issue 5). Every captured event is written twice — pending at
 * capture, final when its batch is anchored — and every index is paid on both writes:
 *
 * - `events_type_idx`, `events_biz_step_idx`, `events_disposition_idx` index a handful of distinct values
 *   each; an EPCIS query filtering on them walks `events_event_time_idx` (its ORDER BY … LIMIT) instead.
 * - `events_batch_idx` served only the leaves of batches written before batches kept their own leaves
 *   (1764000000001); those are filled in here, so no query needs it. Its columns are the ones the
 *   anchor's pending → final UPDATE sets: without it that UPDATE changes no indexed column.
 * - fillfactor 50 leaves room on each page for the final version of its rows, so that UPDATE is a HOT
 *   update (no new entry in any index). Measured on PGlite, 5,000 events: the pending → final batch write
 *   −20…45 % CPU, the pending insert 0…20 %; HOT pruning reclaims the old versions, the table grew 9 %.
 */
export class WritePathIndexes1764000000003 implements MigrationInterface {
  name = 'WritePathIndexes1764000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE batches b SET leaves = ARRAY(SELECT e.hash_id FROM events e WHERE e.batch_id = b.id ORDER BY e.leaf_index)
      WHERE b.leaves IS NULL`);
    await queryRunner.query(`DROP INDEX events_type_idx`);
    await queryRunner.query(`DROP INDEX events_biz_step_idx`);
    await queryRunner.query(`DROP INDEX events_disposition_idx`);
    await queryRunner.query(`DROP INDEX events_batch_idx`);
    // Applies to pages written from now on; existing pages keep their rows (already final, never updated).
    await queryRunner.query(`ALTER TABLE events SET (fillfactor = 50)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events RESET (fillfactor)`);
    await queryRunner.query(`CREATE INDEX events_batch_idx ON events (batch_id, leaf_index)`);
    await queryRunner.query(`CREATE INDEX events_disposition_idx ON events (disposition)`);
    await queryRunner.query(`CREATE INDEX events_biz_step_idx ON events (biz_step)`);
    await queryRunner.query(`CREATE INDEX events_type_idx ON events (type)`);
    // The leaves filled in by up() stay: they are what the derived list gave for those batches anyway.
  }
}
