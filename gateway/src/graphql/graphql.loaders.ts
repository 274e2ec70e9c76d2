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

// Objects and events come in one round trip per batch (`= ANY($1)`): a trace or an event list names
// hundreds of them. The registry has no multi-get, and a request names few products, organisations
// and places, so those batches fan out in parallel; the gain there is de-duplication.
function multiGet<V>(getMany: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(async (keys) => {
    const found = await getMany(keys);
    return keys.map((key) => found.get(key) ?? null);
  });
}

function loader<V>(get: (key: string) => Promise<V>): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => Promise.all(keys.map(get)));
}

export function createLoaders(store: ReadModelStore): GraphqlLoaders {
  return {
    object: multiGet((ids) => store.getObjects(ids)),
    // Keys are hash IDs (trace edges name their event by hash ID).
    event: multiGet((hashes) => store.getEventsByHash(hashes)),
    product: loader((gtin) => store.getProduct(gtin)),
    organisation: loader((msp) => store.getOrganisation(msp)),
    places: loader(async (gln) => (await store.getLocation(gln))?.name ?? null),
  };
}
