import type { SqlDatabase } from '../database/sql-session.port.js';
import { FreshCoalescer } from '../freshness/fresh-coalescer.js';
import type { Organisation, Product, RegistryReads } from '../ports/registry-store.port.js';
import { ORG_COLUMNS, ORGANISATION_OWNING_GLN, PRODUCT_COLUMNS } from './registry-store.adapter.js';

/** Most lookups kept (organisations by id and by GLN, products): past it, all are dropped and read again. */
const MAX_ENTRIES = 20_000;

const READ_VERSION = `SELECT version::text AS version FROM registry_version`;

// Each lookup reads the registry version in the same statement (the same snapshot) as the row, so a kept
// answer is exactly the registry at that version. The version row always exists: a missing organisation or
// product still yields one row (its columns NULL), and "not registered" is kept like any other answer.
const withVersion = (lookup: string): string =>
  `SELECT v.version::text AS "registryVersion", r.* FROM registry_version v LEFT JOIN LATERAL (${lookup}) r ON true`;

const ORGANISATION_BY_ID = withVersion(`SELECT ${ORG_COLUMNS} FROM organisations WHERE msp_id = $1`);
const OWNER_OF_GLN = withVersion(ORGANISATION_OWNING_GLN);
const PRODUCT_BY_GTIN = withVersion(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE gtin = $1`);

interface VersionedRow {
  readonly registryVersion: string;
  readonly [column: string]: unknown;
}

/** The looked-up record without the version column, or null when its key column is NULL (not registered). */
function recordOf(row: VersionedRow, key: string): object | null {
  if (row[key] === null || row[key] === undefined) return null;
  const record: Record<string, unknown> = { ...row };
  delete record['registryVersion'];
  return record;
}

/**
 * The registry lookups of the capture path (GLN owners, organisations, products), answered from memory
 * while the registry has not changed (migration 1764000000005: a version bumped by every registry write).
 *
 * `fresh()` reads the version — a read that began after the call, shared by the calls that wait for it
 * (FreshCoalescer) — and drops every kept answer when it moved. The lookups of the view it returns are then
 * answered as of that version or a later one: a supplier whose GLN was just registered, an organisation
 * whose signing key was just revoked, is seen by the very next capture, in this process or any other.
 */
export class RegistryReadCache {
  readonly #check = new FreshCoalescer<string>();
  /** The version every kept answer was read at (null: none kept yet). */
  #version: string | null = null;
  readonly #organisations = new Map<string, Organisation | null>();
  readonly #owners = new Map<string, Organisation | null>();
  readonly #products = new Map<string, Product | null>();
  readonly #view: RegistryReads;

  constructor(
    private readonly db: SqlDatabase,
    private readonly maxEntries: number = MAX_ENTRIES,
  ) {
    this.#view = {
      getOrganisation: (mspId) => this.#lookup<Organisation>(this.#organisations, mspId, ORGANISATION_BY_ID, 'mspId'),
      findOrganisationOwningGln: (gln) => this.#lookup<Organisation>(this.#owners, gln, OWNER_OF_GLN, 'mspId'),
      getProduct: (gtin) => this.#lookup<Product>(this.#products, gtin, PRODUCT_BY_GTIN, 'gtin'),
    };
  }

  /** Lookups that see every registry change committed before this call. */
  async fresh(): Promise<RegistryReads> {
    const version = await this.#check.run('registry', async () => {
      const [row] = await this.db.query<{ version: string }>(READ_VERSION);
      if (row === undefined) throw new Error('registry_version has no row: the read model was not migrated');
      return row.version;
    });
    this.#moveTo(version);
    return this.#view;
  }

  /** Kept answers, for tests. */
  get size(): number {
    return this.#organisations.size + this.#owners.size + this.#products.size;
  }

  #moveTo(version: string): void {
    if (version === this.#version) return;
    this.#clear();
    this.#version = version;
  }

  #clear(): void {
    this.#organisations.clear();
    this.#owners.clear();
    this.#products.clear();
  }

  async #lookup<T>(kept: Map<string, T | null>, key: string, sql: string, keyColumn: string): Promise<T | null> {
    const hit = kept.get(key);
    if (hit !== undefined || kept.has(key)) return hit ?? null;
    const [row] = await this.db.query<VersionedRow>(sql, [key]);
    if (row === undefined) throw new Error('registry_version has no row: the read model was not migrated');
    const answer = recordOf(row, keyColumn) as T | null;
    // Read at another version than the kept answers: right for this caller, but not kept with them (the
    // next fresh() reads the new version and starts over).
    if (row.registryVersion === this.#version) {
      if (this.size >= this.maxEntries) this.#clear();
      kept.set(key, answer);
    }
    return answer;
  }
}
