import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

// Placeholder until the domain part behind it lands; replaced by the real command.
export function registerDlCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('dl')
    .description('(not built yet)')
    .action(() => {
      io.err('lotledger dl: not built yet');
      exit.code = 2;
    });
}
