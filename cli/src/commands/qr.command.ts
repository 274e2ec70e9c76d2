import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

// Placeholder until the domain part behind it lands; replaced by the real command.
export function registerQrCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('qr')
    .description('(not built yet)')
    .action(() => {
      io.err('lotledger qr: not built yet');
      exit.code = 2;
    });
}
