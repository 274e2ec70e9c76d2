// Loading fabric-contract-api (or fabric-shim) runs its logger module's `firstTime()`: a winston
// logger whose Console transport has `handleExceptions: true` with `exitOnError: false` — winston
// then listens to 'uncaughtException' with its bound `_uncaughtException` — plus a
// 'unhandledRejection' listener named `loggerUnhandledRejectionFn`. In Fabric's own chaincode
// process (CCaaS) that is Fabric's choice; in ours (embedded ledger: `lotledger start`, the anchor
// service, benches) it would log and swallow every crash. This module removes exactly those
// listeners, once the contract is loaded; listeners the application registered stay.
import '@lotledger/chaincode'; // first: whatever the contract module installs is installed by now
import { createRequire } from 'node:module';

/** The part of a winston ExceptionHandler / RejectionHandler used here. */
interface WinstonProcessHandler {
  unhandle(): void;
}

/** The part of fabric's logger module used here (`lib/logger.js` of fabric-contract-api and fabric-shim). */
interface FabricLoggerModule {
  getLogger(name: string): { readonly exceptions?: WinstonProcessHandler; readonly rejections?: WinstonProcessHandler };
}

const FABRIC_LOGGER_MODULES = ['fabric-contract-api/lib/logger.js', 'fabric-shim/lib/logger.js'] as const;
/** The name fabric gives its rejection listener (its own duplicate check relies on it too). */
const FABRIC_REJECTION_LISTENER = 'loggerUnhandledRejectionFn';

const require = createRequire(import.meta.url);

/**
 * Removes the process-wide exception and rejection listeners fabric's loggers installed; returns
 * how many it removed. Winston's are reached through their own logger (`getLogger('_')` answers
 * the one `firstTime()` made) and its handlers' `unhandle()`, which removes that handler's
 * listener only — so a winston logger of the application keeps its own. Idempotent.
 */
export function releaseFabricProcessHandlers(): number {
  const before = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
  for (const specifier of FABRIC_LOGGER_MODULES) {
    let path: string;
    try {
      path = require.resolve(specifier);
    } catch {
      continue; // not installed
    }
    // Only a module already loaded installed anything; requiring it here would install them.
    const loaded = require.cache[path];
    if (loaded === undefined) continue;
    const logger = (loaded.exports as FabricLoggerModule).getLogger('_');
    logger.exceptions?.unhandle();
    logger.rejections?.unhandle();
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (listener.name === FABRIC_REJECTION_LISTENER) process.removeListener('unhandledRejection', listener);
  }
  return before - process.listenerCount('uncaughtException') - process.listenerCount('unhandledRejection');
}

releaseFabricProcessHandlers();
