import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number of the registry (organisations, products, locations), so that the lookups on the
 * capture path can be answered from memory and still see every registration committed before a request
 * arrived (issue 5: a capture looked an owner up per GLN and a product per GTIN — six queries a document).
 *
 * A statement-level trigger on the three tables adds one to the single row of `registry_version` in the
 * writing transaction, so the new number becomes visible exactly when the change does. Registry writes
 * are rare (registration, key rotation), so their waiting on that one row costs nothing. A reader keeps
 * lookups together with the number they were read at (same statement, same snapshot) and drops them all
 * when a later read of the number differs (RegistryReadCache).
 */
export class RegistryVersion1764000000005 implements MigrationInterface {
  name = 'RegistryVersion1764000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE registry_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), version bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO registry_version (version) VALUES (1)`);
    await queryRunner.query(`CREATE FUNCTION lotledger_note_registry_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE registry_version SET version = version + 1;
        RETURN NULL;
      END $$`);
    for (const table of REGISTRY_TABLES)
      await queryRunner.query(`CREATE TRIGGER ${table}_registry_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION lotledger_note_registry_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of REGISTRY_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_registry_change ON ${table}`);
    await queryRunner.query(`DROP FUNCTION lotledger_note_registry_change()`);
    await queryRunner.query(`DROP TABLE registry_version`);
  }
}

const REGISTRY_TABLES = ['organisations', 'products', 'locations'] as const;
