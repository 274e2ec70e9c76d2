import type { SqlDatabase } from '../database/sql-session.port.js';
import type { Location, Organisation, Product, RegistryStore } from '../ports/registry-store.port.js';

export const ORG_COLUMNS = `msp_id AS "mspId", name, role, company_prefixes AS "companyPrefixes", glns, signing_keys AS "signingKeys",
  client_id AS "clientId", client_secret_hash AS "clientSecretHash"`;
export const PRODUCT_COLUMNS = `gtin, name, industry, image_url AS "imageUrl", public_attributes AS "publicAttributes", owner_msp AS "ownerMsp"`;
// An explicitly registered GLN wins over ownership through the longest matching company prefix.
export const ORGANISATION_OWNING_GLN = `SELECT ${ORG_COLUMNS} FROM organisations o
  LEFT JOIN LATERAL (SELECT max(length(p)) AS len FROM unnest(o.company_prefixes) AS p WHERE starts_with($1, p)) m ON true
  WHERE o.glns @> ARRAY[$1]::text[] OR m.len IS NOT NULL
  ORDER BY (o.glns @> ARRAY[$1]::text[]) DESC, m.len DESC NULLS LAST LIMIT 1`;
const LOCATION_COLUMNS = `gln, name, address, owner_msp AS "ownerMsp"`;

interface CountRow {
  readonly n: number;
}

export class RegistryStoreAdapter implements RegistryStore {
  constructor(private readonly db: SqlDatabase) {}

  async upsertOrganisation(org: Organisation): Promise<void> {
    await this.db.query(
      `INSERT INTO organisations (msp_id, name, role, company_prefixes, glns, signing_keys, client_id, client_secret_hash, updated_at)
       VALUES ($1, $2, $3, $4::text[], $5::text[], $6::jsonb, $7, $8, now())
       ON CONFLICT (msp_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, company_prefixes = EXCLUDED.company_prefixes,
         glns = EXCLUDED.glns, signing_keys = EXCLUDED.signing_keys, client_id = EXCLUDED.client_id,
         client_secret_hash = EXCLUDED.client_secret_hash, updated_at = now()`,
      [org.mspId, org.name, org.role, org.companyPrefixes, org.glns, JSON.stringify(org.signingKeys), org.clientId, org.clientSecretHash],
    );
  }

  async getOrganisation(mspId: string): Promise<Organisation | null> {
    return (await this.db.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE msp_id = $1`, [mspId]))[0] ?? null;
  }

  async getOrganisationByClientId(clientId: string): Promise<Organisation | null> {
    return (await this.db.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE client_id = $1`, [clientId]))[0] ?? null;
  }

  async findOrganisationOwningGln(gln: string): Promise<Organisation | null> {
    return (await this.db.query<Organisation>(ORGANISATION_OWNING_GLN, [gln]))[0] ?? null;
  }

  listOrganisations(): Promise<Organisation[]> {
    return this.db.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations ORDER BY msp_id`);
  }

  async deleteOrganisation(mspId: string): Promise<boolean> {
    return this.deleted(`DELETE FROM organisations WHERE msp_id = $1 RETURNING 1`, mspId);
  }

  async upsertProduct(product: Product): Promise<void> {
    await this.db.query(
      `INSERT INTO products (gtin, name, industry, image_url, public_attributes, owner_msp, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, now())
       ON CONFLICT (gtin) DO UPDATE SET name = EXCLUDED.name, industry = EXCLUDED.industry, image_url = EXCLUDED.image_url,
         public_attributes = EXCLUDED.public_attributes, owner_msp = EXCLUDED.owner_msp, updated_at = now()`,
      [product.gtin, product.name, product.industry, product.imageUrl, JSON.stringify(product.publicAttributes), product.ownerMsp],
    );
  }

  async getProduct(gtin: string): Promise<Product | null> {
    return (await this.db.query<Product>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE gtin = $1`, [gtin]))[0] ?? null;
  }

  listProducts(ownerMsp?: string): Promise<Product[]> {
    return this.db.query<Product>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE $1::text IS NULL OR owner_msp = $1 ORDER BY gtin`, [
      ownerMsp ?? null,
    ]);
  }

  async deleteProduct(gtin: string): Promise<boolean> {
    return this.deleted(`DELETE FROM products WHERE gtin = $1 RETURNING 1`, gtin);
  }

  async upsertLocation(location: Location): Promise<void> {
    await this.db.query(
      `INSERT INTO locations (gln, name, address, owner_msp, updated_at) VALUES ($1, $2, $3::jsonb, $4, now())
       ON CONFLICT (gln) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, owner_msp = EXCLUDED.owner_msp, updated_at = now()`,
      [location.gln, location.name, location.address === null ? null : JSON.stringify(location.address), location.ownerMsp],
    );
  }

  async getLocation(gln: string): Promise<Location | null> {
    return (await this.db.query<Location>(`SELECT ${LOCATION_COLUMNS} FROM locations WHERE gln = $1`, [gln]))[0] ?? null;
  }

  listLocations(ownerMsp?: string): Promise<Location[]> {
    return this.db.query<Location>(`SELECT ${LOCATION_COLUMNS} FROM locations WHERE $1::text IS NULL OR owner_msp = $1 ORDER BY gln`, [
      ownerMsp ?? null,
    ]);
  }

  async deleteLocation(gln: string): Promise<boolean> {
    return this.deleted(`DELETE FROM locations WHERE gln = $1 RETURNING 1`, gln);
  }

  private async deleted(sql: string, key: string): Promise<boolean> {
    const rows = await this.db.query<CountRow>(`WITH gone AS (${sql}) SELECT count(*)::int AS n FROM gone`, [key]);
    return (rows[0]?.n ?? 0) > 0;
  }
}
