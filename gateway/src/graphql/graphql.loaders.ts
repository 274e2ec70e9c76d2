import DataLoader from 'dataloader';
import type { Organisation, Product, ReadModelStore, StoredEvent, StoredObject } from '@lotledger/store';

/** Per-request batching and caching for nested fields (one request's answers are never reused by another). */
export interface GraphqlLoaders {
  readonly object: DataLoader<string, StoredObject | null>;
  readonly event: DataLoader<string, StoredEvent | null>;
  readonly product: DataLoader<string, Product | null>;
  readonly organisation: DataLoader<string, Organisation | null>;
  readonly places: DataLoader<string, string | null>;
}

// The read model has no multi-get ports, so each batch fans out in parallel; the gain is de-duplication
// within a request (a trace names the same object and event many times).
function loader<V>(get: (key: string) => Promise<V>): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => Promise.all(keys.map(get)));
}

export function createLoaders(store: ReadModelStore): GraphqlLoaders {
  return {
    object: loader((id) => store.getObject(id)),
    event: loader((hash) => store.getEvent(hash)),
    product: loader((gtin) => store.getProduct(gtin)),
    organisation: loader((msp) => store.getOrganisation(msp)),
    places: loader(async (gln) => (await store.getLocation(gln))?.name ?? null),
  };
}
