// Before anything loads fabric-contract-api (see the module).
import './embedded/quiet-contract-logs.js';
// The ledger port the services use, its two adapters, and the conformance suite's entry.
export * from './ledger.port.js';
export * from './ledger-errors.js';
export { EmbeddedLedgerAdapter, embeddedLedgerPaths, type EmbeddedLedgerOptions } from './embedded/embedded-ledger.adapter.js';
export { verifyEmbeddedChain } from './embedded/verify-chain.js';
export { FabricLedgerAdapter, type FabricLedgerOptions } from './fabric/fabric-ledger.adapter.js';
export {
  fabricConfigFromEnv,
  fabricEnvNames,
  fabricEnvPrefix,
  type FabricConfig,
  type FabricIdentityConfig,
} from './fabric/fabric-config.js';
export { anchoredObjectIds, anchoredObjects, objectIdsOfAccepted } from './anchored-objects.js';
