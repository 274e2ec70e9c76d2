import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

/**
 * `lotledger start` will run ingest, anchor and gateway in one process on the embedded shape.
 * Until the pipeline lands it says plainly what exists and what does not.
 */
export function registerStartCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('start')
    .description('run lotledger on its embedded default (ingest, anchor, gateway in one process)')
    .option('--port <n>', 'HTTP port', '8080')
    .option('--data <dir>', 'data folder', './data')
    .option('--no-demo', 'do not seed the demo chains on first start')
    .action(() => {
      io.out(
        [
          'lotledger: the capture → anchor → query pipeline is not built yet (issues 5 and 6), so there is no server to start.',
          'What works today:',
          '  npx lotledger validate FILE…   check EPCIS 2.0 documents; one line per error with its JSON pointer',
          '  npx lotledger hash FILE        the CBV 2.0 event hash ID of every event',
          '  npx lotledger dl URI           parse and canonicalise a GS1 Digital Link or EPC URN',
          '  npx lotledger qr URI           a QR code for the canonical Digital Link',
          'Run `npx lotledger --help` for every option.',
        ].join('\n'),
      );
      exit.code = 0;
    });
}
