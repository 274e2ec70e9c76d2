import { parseIdentifier, type ValidationIssue } from '@lotledger/domain';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

/** Parses `--gcp-length`: an integer from 6 to 12 (GS1 company prefixes have that many digits). */
export function parseGcpLength(raw: string): number {
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < 6 || n > 12)
    throw new InvalidArgumentError('expected an integer from 6 to 12 (the digits of the GS1 company prefix).');
  return n;
}

/** One line per issue, as every lotledger command reports invalid input. */
export function reportIssues(io: CliIo, command: string, issues: readonly ValidationIssue[]): void {
  for (const issue of issues) io.err(`lotledger ${command}: ${issue.message}; expected ${issue.expected}`);
}

export function registerDlCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('dl')
    .argument('<uri>', 'a GS1 Digital Link (any host) or an EPC URN (urn:epc:id:…, urn:epc:class:lgtin:…, urn:epc:idpat:sgtin:….*)')
    .option('--gcp-length <n>', 'length of the GS1 company prefix, needed to give the EPC URN of a Digital Link', parseGcpLength)
    .description(
      'Validate a GS1 Digital Link or EPC URN and print its primary key, qualifiers, attributes, canonical Digital Link and EPC URN as JSON',
    )
    .addHelpText(
      'after',
      `
Exit status: 0 valid, 1 invalid (one line per problem: "lotledger dl: <what is wrong>; expected <what>").

Examples:
  lotledger dl 'https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=280131'
  lotledger dl urn:epc:id:sgtin:0614141.812345.400
  lotledger dl https://example.com/01/80614141123458/21/400 --gcp-length 7`,
    )
    .action((uri: string, options: { gcpLength?: number }) => {
      const parsed = parseIdentifier(uri, options.gcpLength === undefined ? undefined : { gcpLength: options.gcpLength });
      if (!parsed.ok) {
        reportIssues(io, 'dl', parsed.issues);
        exit.code = 1;
        return;
      }
      const { kind, primaryKey, qualifiers, attributes, digitalLink, epcUri } = parsed.value;
      // null rather than an absent key: the EPC URN is unknown without the company prefix length.
      io.out(JSON.stringify({ kind, primaryKey, qualifiers, attributes, digitalLink, epcUri: epcUri ?? null }, null, 2));
    });
}
