import { Command } from 'commander';
import { recordingIo, type CliIo, type ExitCode } from '../cli-io.js';

export interface CommandRun {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly written: Map<string, Uint8Array | string>;
}

/**
 * Runs one command's registration the way `main` does (exit override, output to the recording io)
 * and returns what it printed and wrote; commander's own refusals (bad options) give exit code 2.
 * For the commands' tests.
 */
export async function runCommand(
  register: (program: Command, io: CliIo, exit: ExitCode) => void,
  args: readonly string[],
  files: Record<string, string> = {},
): Promise<CommandRun> {
  const io = recordingIo(files);
  const exit: ExitCode = { code: 0 };
  const program = new Command('lotledger').exitOverride();
  register(program, io, exit);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => {
        io.out(s);
      },
      writeErr: (s) => {
        io.err(s);
      },
    });
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch {
    exit.code = exit.code === 0 ? 2 : exit.code;
  }
  return { code: exit.code, stdout: io.stdout, stderr: io.stderr, written: io.written };
}
