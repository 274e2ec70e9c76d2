import type { JsonValue } from './read-model.types.js';

export interface Organisation {
  readonly mspId: string;
  readonly name: string;
  /** manufacturer, distributor, logistics, retailer, regulator… */
  readonly role: string;
  readonly companyPrefixes: readonly string[];
  readonly glns: readonly string[];
  /** Public keys (JWK) that verify the organisation's signed Kafka messages. */
  readonly signingKeys: readonly JsonValue[];
  readonly clientId: string | null;
  /** A password hash (never the secret): the auth layer hashes and verifies. */
  readonly clientSecretHash: string | null;
}

export type Industry = 'pharma' | 'auto' | 'steel' | 'other';

export interface Product {
  readonly gtin: string;
  readonly name: string;
  readonly industry: Industry;
  readonly imageUrl: string | null;
  readonly publicAttributes: { readonly [key: string]: JsonValue };
  readonly ownerMsp: string;
}

export interface Location {
  readonly gln: string;
  readonly name: string;
  readonly address: { readonly [key: string]: JsonValue } | null;
  readonly ownerMsp: string;
}

/** Registration data (organisations, GTIN master data, GLNs). Upserts replace the whole record. */
export interface RegistryStore {
  upsertOrganisation(org: Organisation): Promise<void>;
  getOrganisation(mspId: string): Promise<Organisation | null>;
  getOrganisationByClientId(clientId: string): Promise<Organisation | null>;
  /** The organisation that registered this GLN (or owns it through a company prefix). */
  findOrganisationOwningGln(gln: string): Promise<Organisation | null>;
  listOrganisations(): Promise<readonly Organisation[]>;
  deleteOrganisation(mspId: string): Promise<boolean>;
  upsertProduct(product: Product): Promise<void>;
  getProduct(gtin: string): Promise<Product | null>;
  listProducts(ownerMsp?: string): Promise<readonly Product[]>;
  deleteProduct(gtin: string): Promise<boolean>;
  upsertLocation(location: Location): Promise<void>;
  getLocation(gln: string): Promise<Location | null>;
  listLocations(ownerMsp?: string): Promise<readonly Location[]>;
  deleteLocation(gln: string): Promise<boolean>;
}

/** The registry lookups the capture path and the anchor make for each document or batch. */
export type RegistryReads = Pick<RegistryStore, 'getOrganisation' | 'findOrganisationOwningGln' | 'getProduct'>;

/** A store that can answer those lookups from memory while the registry is unchanged. */
export interface FreshRegistryReads {
  /**
   * Lookups that see every registry change committed before this call began (in any process); repeated
   * lookups are answered from memory until the registry changes.
   */
  freshRegistryReads(): Promise<RegistryReads>;
}

/** Whether a store offers FreshRegistryReads (the real ReadModelStore does; test doubles may not). */
export function hasFreshRegistryReads(store: object): store is FreshRegistryReads {
  return typeof (store as Partial<FreshRegistryReads>).freshRegistryReads === 'function';
}
