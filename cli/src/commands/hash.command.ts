import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

// Placeholder until the domain part behind it lands; replaced by the real command.
export function registerHashCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('hash')
    .description('(not built yet)')
    .action(() => {
      io.err('lotledger hash: not built yet');
      exit.code = 2;
    });
}
