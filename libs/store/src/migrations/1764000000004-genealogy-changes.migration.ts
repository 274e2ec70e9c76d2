import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A log of the transactions that changed the genealogy (issue 6: trace p99 under load).
 *
 * A cached genealogy walk is checked on every request. The exact check (genealogyVersion: every node's
 * state row and every edge touching it) costs ~15 ms for 1,000 nodes; when nothing in `objects` or
 * `genealogy_edges` has been committed since the walk was read, it can be skipped. A statement-level
 * trigger on both tables writes the id of the writing transaction here (once per statement: insert-only,
 * so concurrent writers never wait on each other). A reader that kept the snapshot its walk was read in
 * asks whether any transaction in this log is visible now but was not in that snapshot
 * (pg_visible_in_snapshot) — an index range scan over the recent rows only.
 *
 * The log is pruned (ReadModelWriterAdapter, at most once a minute): rows of transactions that had all
 * ended before some snapshot's xmin are deleted and that xmin is recorded in `genealogy_changes_pruned`
 * in the same transaction. A snapshot older than that mark cannot be answered from the log (what was
 * deleted may have changed its walk): the reader then runs the exact check.
 */
export class GenealogyChanges1764000000004 implements MigrationInterface {
  name = 'GenealogyChanges1764000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE genealogy_changes (xid xid8 NOT NULL DEFAULT pg_current_xact_id())`);
    await queryRunner.query(`CREATE INDEX genealogy_changes_xid_idx ON genealogy_changes (xid)`);
    await queryRunner.query(
      `CREATE TABLE genealogy_changes_pruned (one boolean PRIMARY KEY DEFAULT true CHECK (one), below xid8 NOT NULL)`,
    );
    // Nothing pruned yet: every transaction before this one is below the mark (a walk read before the log
    // existed is not answered from it).
    await queryRunner.query(`INSERT INTO genealogy_changes_pruned (below) VALUES (pg_current_xact_id())`);
    await queryRunner.query(`CREATE FUNCTION lotledger_note_genealogy_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO genealogy_changes DEFAULT VALUES;
        RETURN NULL;
      END $$`);
    for (const table of ['objects', 'genealogy_edges'])
      await queryRunner.query(`CREATE TRIGGER ${table}_genealogy_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION lotledger_note_genealogy_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['objects', 'genealogy_edges']) await queryRunner.query(`DROP TRIGGER ${table}_genealogy_change ON ${table}`);
    await queryRunner.query(`DROP FUNCTION lotledger_note_genealogy_change()`);
    await queryRunner.query(`DROP TABLE genealogy_changes_pruned`);
    await queryRunner.query(`DROP TABLE genealogy_changes`);
  }
}
