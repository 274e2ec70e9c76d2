import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

// Placeholder until the ledger lands; replaced by the real command.
export function registerLedgerCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('ledger')
    .description('(not built yet)')
    .action(() => {
      io.err('lotledger ledger: not built yet');
      exit.code = 2;
    });
}
