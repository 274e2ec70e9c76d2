import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { EmbeddedLedgerAdapter } from './embedded-ledger.adapter.js';
import { releaseFabricProcessHandlers } from './fabric-process-handlers.js';

// Names of the listeners fabric's logger installs: winston binds its handlers' methods.
const FOREIGN = ['bound _uncaughtException', 'bound _unhandledRejection', 'loggerUnhandledRejectionFn'];

function listenerNames(): string[] {
  return [...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')].map((l) => l.name);
}

interface WinstonLogger {
  readonly exceptions: { unhandle(): void };
  readonly rejections: { unhandle(): void };
}
interface Winston {
  createLogger(options: Record<string, unknown>): WinstonLogger;
  readonly transports: { Console: new (options: Record<string, unknown>) => object };
}

describe('fabric process handlers in the embedded ledger', () => {
  it('leaves no winston or fabric crash listener once the embedded adapter is imported', async () => {
    // The adapter module is loaded by the import above, so the contract (and its logger) is too.
    const ledger = await EmbeddedLedgerAdapter.open();
    await ledger.close();
    const require = createRequire(import.meta.url);
    expect(require.cache[require.resolve('fabric-contract-api/lib/logger.js')]).toBeDefined();
    expect(listenerNames().filter((n) => FOREIGN.includes(n))).toEqual([]);
  });

  it("keeps the application's own listeners, a winston logger of its own included", () => {
    const appException = (): void => undefined;
    const appRejection = (): void => undefined;
    process.on('uncaughtException', appException);
    process.on('unhandledRejection', appRejection);
    // The same winston fabric uses: the application's logger handles exceptions and rejections too.
    const winston = createRequire(createRequire(import.meta.url).resolve('fabric-contract-api'))('winston') as Winston;
    const appLogger = winston.createLogger({
      transports: [new winston.transports.Console({ handleExceptions: true, handleRejections: true, silent: true })],
      exitOnError: false,
    });
    try {
      const before = listenerNames();
      expect(before.filter((n) => FOREIGN.includes(n)).sort()).toEqual(['bound _uncaughtException', 'bound _unhandledRejection']);
      expect(releaseFabricProcessHandlers()).toBe(0);
      expect(listenerNames()).toEqual(before);
      expect(process.listeners('uncaughtException')).toContain(appException);
      expect(process.listeners('unhandledRejection')).toContain(appRejection);
    } finally {
      appLogger.exceptions.unhandle();
      appLogger.rejections.unhandle();
      process.removeListener('uncaughtException', appException);
      process.removeListener('unhandledRejection', appRejection);
    }
  });
});
