import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch keeps its Merkle leaves (event hash IDs in leaf order) itself. Deriving them from the
 * events table missed leaves whose event an earlier batch had already anchored (that event keeps its
 * first batch), so the proof of every other event of such a batch failed to rebuild the root.
 * Nullable: batches written before this migration fall back to the derived list.
 */
export class BatchLeaves1764000000001 implements MigrationInterface {
  name = 'BatchLeaves1764000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE batches ADD COLUMN leaves text[]`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE batches DROP COLUMN leaves`);
  }
}
