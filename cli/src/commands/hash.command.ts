import { DomainError, documentEventHashIds, documentPreHashStrings, eventHashId, parseJson, preHashString } from '@lotledger/domain';
import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

interface HashOptions {
  readonly verbose?: boolean;
}

/** Hash IDs and pre-hash strings of a parsed file: an EPCIS (query) document, or one bare event. */
function hashesOf(json: unknown): { ids: string[]; preHashes: string[] } {
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && !('epcisBody' in json)) {
    return { ids: [eventHashId(json)], preHashes: [preHashString(json)] };
  }
  return { ids: documentEventHashIds(json), preHashes: documentPreHashStrings(json) };
}

export function registerHashCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('hash')
    .argument('<file>', 'an EPCIS 2.0 document (JSON / JSON-LD), an EPCIS query document, or a single event')
    .option('-v, --verbose', "also print each event's pre-hash string (the exact text that is hashed)")
    .description('Print the CBV 2.0 event hash ID (ni:///sha-256;…?ver=CBV2.0) of every event, in document order')
    .addHelpText(
      'after',
      `
The hash follows CBV 2.0 §8.9 as GS1's reference implementation computes it
(RalphTro/epcis-event-hash-generator, newest commit 5d2f1c38); recordTime, eventID and
errorDeclaration do not take part, and list and member order do not matter.

Exit status: 0 hashed, 1 unreadable file or invalid JSON (the reason is printed).

Examples:
  lotledger hash shipment.jsonld
  lotledger hash shipment.jsonld --verbose`,
    )
    .action(async (file: string, options: HashOptions) => {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await io.readFile(file)).replace(/^\uFEFF/, '');
      } catch (error: unknown) {
        io.err(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
        exit.code = 1;
        return;
      }
      const parsed = parseJson(text);
      if (!parsed.ok) {
        for (const issue of parsed.issues) io.err(`${file}: invalid JSON: ${issue.message}; expected ${issue.expected}`);
        exit.code = 1;
        return;
      }
      let result: { ids: string[]; preHashes: string[] };
      try {
        result = hashesOf(parsed.value);
      } catch (error: unknown) {
        if (!(error instanceof DomainError)) throw error;
        io.err(`${file}: ${error.message}`);
        exit.code = 1;
        return;
      }
      result.ids.forEach((id, i) => {
        io.out(id);
        if (options.verbose === true) io.out(`  ${result.preHashes[i] ?? ''}`);
      });
    });
}
