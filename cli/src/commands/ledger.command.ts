import { LedgerCorruptError, verifyEmbeddedChain } from '@lotledger/ledger';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo, ExitCode } from '../cli-io.js';

interface VerifyOptions {
  readonly data: string;
}

/** `lotledger ledger verify [--data DIR]`: checks the embedded ledger's hash chain and signatures. */
export function registerLedgerCommand(program: Command, io: CliIo, exit: ExitCode): void {
  const ledger = program.command('ledger').description('inspect the embedded ledger');
  ledger
    .command('verify')
    .description('verify every block of the embedded ledger: numbering, hash chain, data hashes and ECDSA P-256 signatures')
    .option('--data <dir>', 'data folder (the ledger lives in <dir>/ledger)', './data')
    .addHelpText(
      'after',
      `
Exit status: 0 the chain verifies (prints its height and head hash), 1 a block does not
(names the first bad block and why), 2 no embedded ledger in the folder.

Example:
  lotledger ledger verify --data ./data`,
    )
    .action(async (options: VerifyOptions) => {
      if (!existsSync(join(options.data, 'ledger', 'blocks.jsonl'))) {
        io.err(`lotledger ledger verify: no embedded ledger in ${join(options.data, 'ledger')}`);
        exit.code = 2;
        return;
      }
      try {
        const head = await verifyEmbeddedChain(options.data);
        io.out(`ok: height ${head.height}, head ${head.headHash}`);
        exit.code = 0;
      } catch (error) {
        if (!(error instanceof LedgerCorruptError)) throw error;
        io.err(`lotledger ledger verify: ${error.message}`);
        exit.code = 1;
      }
    });
}
