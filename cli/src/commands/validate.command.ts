import { formatIssue, parseJson, validateEpcis, type ValidationIssue } from '@lotledger/domain';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

interface ValidateOptions {
  readonly maxSkewHours: number;
}

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 0) throw new InvalidArgumentError('expected a number of hours ≥ 0');
  return hours;
}

/** Reads a file as strict UTF-8 (a byte-order mark is dropped); undefined after printing why it could not. */
async function readText(io: CliIo, file: string): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await io.readFile(file)).replace(/^\uFEFF/, '');
  } catch (error: unknown) {
    io.err(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function report(io: CliIo, file: string, issues: readonly ValidationIssue[]): void {
  for (const issue of issues) io.out(`${file}: ${formatIssue(issue)}`);
}

export function registerValidateCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('validate')
    .argument('<files...>', 'EPCIS 2.0 documents (JSON / JSON-LD), EPCIS query documents or single events')
    .option('--max-skew-hours <hours>', 'how far in the future an eventTime may lie', parseHours, 24)
    .description('Validate EPCIS 2.0 documents: structure, GS1 keys and check digits, CBV 2.0 vocabulary, times, JSON-LD prefixes')
    .addHelpText(
      'after',
      `
Every problem is printed on its own line, with the JSON pointer of the faulty value:
  FILE: /epcisBody/eventList/3/epcList/0: <what is wrong>; expected <what>
A valid file prints "FILE: valid (N events)".

Exit status: 0 all files valid, 1 any file invalid, unreadable or not JSON.

Examples:
  lotledger validate shipment.jsonld
  lotledger validate day1/*.jsonld --max-skew-hours 1`,
    )
    .action(async (files: string[], options: ValidateOptions) => {
      const now = Date.now();
      for (const file of files) {
        const text = await readText(io, file);
        if (text === undefined) {
          exit.code = 1;
          continue;
        }
        const parsed = parseJson(text);
        if (!parsed.ok) {
          report(io, file, parsed.issues);
          exit.code = 1;
          continue;
        }
        const result = validateEpcis(parsed.value, { now, maxFutureSkewMs: options.maxSkewHours * 3_600_000 });
        if (result.ok) {
          io.out(`${file}: valid (${String(result.events.length)} event${result.events.length === 1 ? '' : 's'})`);
        } else {
          report(io, file, result.issues);
          exit.code = 1;
        }
      }
    });
}
