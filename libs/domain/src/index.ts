// Public surface of the pure domain core. Everything here is deterministic and free of I/O:
// the chaincode, the services and the CLI all import from this one entry point.
export * from './errors/validation-issue.js';
export * from './errors/domain-error.js';
export * from './canonical/canonical-json.js';
export * from './crypto/sha256.js';
export * from './merkle/merkle-tree.js';
export * from './gs1/index.js';
export * from './digital-link/index.js';
export * from './cbv/index.js';
export * from './epcis/index.js';
export * from './hash/index.js';
export * from './profiles/index.js';
