import { Command, CommanderError } from 'commander';
import { processIo, type CliIo, type ExitCode } from './cli-io.js';
import { registerDlCommand } from './commands/dl.command.js';
import { registerHashCommand } from './commands/hash.command.js';
import { registerLedgerCommand } from './commands/ledger.command.js';
import { registerQrCommand } from './commands/qr.command.js';
import { registerSimulateCommand } from './simulate/simulate.command.js';
import { registerStartCommand } from './commands/start.command.js';
import { registerTokenCommand } from './commands/token.command.js';
import { registerValidateCommand } from './commands/validate.command.js';

function outputTo(io: CliIo): { writeOut: (s: string) => void; writeErr: (s: string) => void } {
  return {
    writeOut: (s) => {
      io.out(s.replace(/\n$/, ''));
    },
    writeErr: (s) => {
      io.err(s.replace(/\n$/, ''));
    },
  };
}

export function buildProgram(io: CliIo, exit: ExitCode): Command {
  const program = new Command('lotledger')
    .description('lotledger — GS1 EPCIS 2.0 traceability: validate, hash, resolve and anchor supply-chain events.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput(outputTo(io));
  registerValidateCommand(program, io, exit);
  registerHashCommand(program, io, exit);
  registerDlCommand(program, io, exit);
  registerQrCommand(program, io, exit);
  registerLedgerCommand(program, io, exit);
  registerTokenCommand(program, io, exit);
  registerStartCommand(program, io, exit);
  registerSimulateCommand(program, io, exit);
  return program;
}

/** Runs the CLI and returns the process exit code (0 ok, 1 invalid input, 2 usage or internal error). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const exit: ExitCode = { code: 0 };
  const program = buildProgram(io, exit);
  // Subcommands inherit exitOverride/output only when set before they are added, so apply to each.
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput(outputTo(io));
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not failures.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? 0 : 2;
    }
    io.err(`lotledger: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  return exit.code;
}
