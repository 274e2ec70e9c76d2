// Public surface of the read model: the ports (what services depend on) and the one store that
// implements them over PostgreSQL or PGlite. TypeORM entities stay internal to this package.
export * from './ports/index.js';
export { ReadModelStore, type ReadModelStoreOptions } from './read-model-store.js';
export type { ReadModelStoreConfig } from './database/read-model-data-source.js';
export { InvalidCursorError } from './query/event-cursor.js';
export { FreshCoalescer } from './freshness/fresh-coalescer.js';
