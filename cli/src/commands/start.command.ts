import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `lotledger start`: ingest, anchor and gateway in one process. With no server settings it runs the
 * embedded shape (PGlite, the embedded bus and ledger under --data); DATABASE_URL, KAFKA_BROKERS
 * and FABRIC_* switch each part to the real server. On first start it seeds the demo chains.
 * The runtime is imported lazily so the other commands do not load NestJS, TypeORM and the SDKs.
 */
export function registerStartCommand(program: Command, io: CliIo, exit: ExitCode, env: Environment = process.env): void {
  program
    .command('start')
    .description('run lotledger (ingest, anchor, gateway) in one process; embedded by default')
    .option('--port <n>', 'HTTP port (default: PORT or 8080)')
    .option('--host <address>', 'listen address (default: HOST or 127.0.0.1)')
    .option('--data <dir>', 'data folder (default: LOTLEDGER_DATA_DIR or ./data)')
    .option('--no-demo', 'do not seed the demo chains on first start')
    .addHelpText('after', '\nEvery setting is also an environment variable: see the README (Configuration) and .env.example.')
    .action(async (options: { port?: string; host?: string; data?: string; demo: boolean }) => {
      const { startLotledger } = await import('../runtime/start-runtime.js');
      await startLotledger(options, io, exit, env);
    });
}
