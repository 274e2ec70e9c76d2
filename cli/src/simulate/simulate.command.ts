import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';
import { devTokenIssuer } from '../commands/token.command.js';
import { httpTransport } from './capture-transport.js';
import { IntakeSigner } from './intake-signer.js';
import { KafkaIntakeProducer, kafkaSubmitter, parseBrokers } from './kafka-intake-producer.js';
import { progressReporter } from './progress-reporter.js';
import { captureLine, masterDataLine } from './simulation-documents.js';
import { registerSigningKeys, registerSimulation, type TokenSource } from './simulation-registrar.js';
import { formatSummary, SimulationSender } from './simulation-sender.js';
import { INDUSTRY_CHOICES, type IndustryChoice, type Simulation } from './simulation.model.js';
import { generateSimulation } from './supply-chain.generator.js';

export type Environment = Readonly<Record<string, string | undefined>>;

interface SimulateOptions {
  readonly industry: IndustryChoice;
  readonly scale: string;
  readonly seed: string;
  readonly to?: string;
  readonly kafka?: string;
  readonly rate?: string;
  readonly out?: string;
  readonly data?: string;
  readonly violations: string;
  readonly story?: boolean;
  readonly deepGenealogy?: boolean;
  readonly json?: boolean;
}

/** What the command needs from the terminal: where progress goes and whether it is a terminal. */
export interface SimulateTerminal {
  readonly progress: (text: string) => void;
  readonly isTty: boolean;
}

const processTerminal: SimulateTerminal = {
  progress: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY,
};

function positive(value: string, what: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${what} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  return n;
}

/**
 * `lotledger simulate`: a deterministic multi-tier supply chain (pharma, automotive, steel and the
 * links between them) sent through the normal capture path, or written out as JSON lines.
 */
export function registerSimulateCommand(
  program: Command,
  io: CliIo,
  exit: ExitCode,
  env: Environment = process.env,
  terminal: SimulateTerminal = processTerminal,
): void {
  program
    .command('simulate')
    .description('generate a realistic supply chain (deterministic per seed) and capture it, or write it as JSON lines')
    .addOption(new Option('--industry <industry>', 'which chains').choices(INDUSTRY_CHOICES).default('all'))
    .option('--scale <n>', 'roughly the number of events: whole chain runs are added until at least N exist', '1000')
    .option('--seed <s>', 'the seed; the same seed gives the same output, byte for byte', '1')
    .option('--to <url>', 'capture on a running lotledger (POST /epcis/capture), e.g. http://127.0.0.1:8080')
    .option(
      '--kafka <brokers>',
      'with --to: produce each capture as a signed JWS to lotledger.events.raw on these brokers (host:port,…) instead of POST /epcis/capture',
    )
    .option('--data <dir>', 'with --to: the data directory whose key signs the tokens (as `lotledger token`)')
    .option('--rate <r>', 'with --to: at most R events per second')
    .option('--out <dir>', 'without --to: write master-data.json and captures.jsonl to DIR instead of stdout')
    .option('--violations <share>', 'share of deliberate custody violations among the events', '0.02')
    .option('--story', "also replay the demo's fixed story (heat H24-117, pack SN1001, …) first")
    .option(
      '--deep-genealogy',
      'also one steel heat whose slabs, coils, blanks, parts and vehicles make a genealogy of about 1,000 objects',
    )
    .option('--json', 'with --to: print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `
Scale: generation adds whole chain runs (a pharma lot, a steel heat, an automotive batch) in turn until
the events, deliberate violations included, number at least N; one run is 10–40 events.

Without --to the documents go to stdout as JSON lines: a masterData line (organisations, locations,
products), then one line per capture {kind, index, submitterMsp, after, expectedRejections, document}.
With --to, the organisations, locations and products are registered through GraphQL first (a regulator
token of RegulatorMSP, supplier tokens of each organisation, all signed with the data directory's key),
then each capture is posted with its organisation's token and its job polled; the summary lists events
sent, accepted and rejected by reason.

With --kafka BROKERS (and --to URL, which is still needed: registration and outcomes go through that
lotledger's HTTP API) each organisation gets an ES256 key pair for this run (private keys stay in memory),
registers its public key with the registerSigningKey mutation, and every capture is produced to
lotledger.events.raw as a compact JWS (header alg ES256, kid = the key's thumbprint, org = its MSP id;
message key and x-submitter-msp = the MSP id). Its outcome is read from the capture job the intake derives
from the message's partition and offset; hand-overs are waited for as over REST.

  lotledger simulate --industry all --scale 2000 --seed 7 --to http://127.0.0.1:8080 --data ./data
  lotledger simulate --industry all --scale 2000 --to http://127.0.0.1:8080 --kafka 127.0.0.1:9092 --data ./data
  lotledger simulate --industry pharma --scale 500 --out sim/

Exit status: 0 done, 1 bad arguments or a failed run.`,
    )
    .action(async (options: SimulateOptions) => {
      let simulation: Simulation;
      let rate: number | undefined;
      try {
        if (options.to !== undefined && options.out !== undefined)
          throw new Error('--out writes the documents instead of sending them: use --to or --out');
        if (options.kafka !== undefined && options.to === undefined)
          throw new Error(
            '--kafka needs --to URL too: the organisations and their signing keys are registered, and the outcomes read, through that lotledger',
          );
        if (options.kafka !== undefined) parseBrokers(options.kafka);
        rate = options.rate === undefined ? undefined : positive(options.rate, '--rate', false);
        const violationRate = Number(options.violations);
        if (!Number.isFinite(violationRate) || violationRate < 0 || violationRate >= 0.5)
          throw new Error(`--violations must be a share from 0 to 0.5, got ${options.violations}`);
        simulation = generateSimulation({
          industry: options.industry,
          scale: positive(options.scale, '--scale', true),
          seed: options.seed,
          violationRate,
          story: options.story === true,
          deepGenealogy: options.deepGenealogy === true,
        });
      } catch (error: unknown) {
        io.err(`lotledger simulate: ${error instanceof Error ? error.message : String(error)}`);
        exit.code = 1;
        return;
      }
      if (options.to === undefined) {
        const lines = [masterDataLine(simulation), ...simulation.captures.map(captureLine)];
        if (options.out === undefined) for (const l of lines) io.out(l);
        else {
          await io.writeFile(join(options.out, 'master-data.json'), `${lines[0] ?? ''}\n`);
          await io.writeFile(join(options.out, 'captures.jsonl'), `${lines.slice(1).join('\n')}\n`);
          io.err(`wrote ${String(simulation.events.length)} events in ${String(simulation.captures.length)} captures to ${options.out}`);
        }
        return;
      }
      try {
        const transport = httpTransport(options.to);
        const issuer = await devTokenIssuer(options.data, env).issuer();
        const cache = new Map<string, string>();
        const tokens: TokenSource = async (mspId, role) => {
          const key = `${role}:${mspId}`;
          const known = cache.get(key);
          if (known !== undefined) return known;
          const { token } = await issuer.issue({ subject: `simulate:${mspId}`, role, org: mspId, ttlSeconds: 12 * 3600 });
          cache.set(key, token);
          return token;
        };
        io.err(
          `registering ${String(simulation.organisations.length)} organisations, ${String(simulation.locations.length)} locations, ${String(simulation.products.length)} products…`,
        );
        await registerSimulation(simulation, transport, tokens);
        let producer: KafkaIntakeProducer | undefined;
        if (options.kafka !== undefined) {
          const signer = await IntakeSigner.create(simulation.captures.map((c) => c.submitterMsp));
          io.err(`registering the Kafka signing keys of ${String(signer.organisations.length)} organisations…`);
          await registerSigningKeys(signer, transport, tokens);
          producer = new KafkaIntakeProducer(parseBrokers(options.kafka), signer);
        }
        try {
          const sender = new SimulationSender({
            transport,
            tokens,
            ...(producer === undefined ? {} : { submit: kafkaSubmitter(producer) }),
            ...(rate === undefined ? {} : { rate }),
            progress: progressReporter(terminal.progress, terminal.isTty),
          });
          const summary = await sender.send(simulation);
          io.out(options.json === true ? JSON.stringify(summary) : formatSummary(simulation, summary));
        } finally {
          await producer?.close();
        }
      } catch (error: unknown) {
        io.err(`lotledger simulate: ${error instanceof Error ? error.message : String(error)}`);
        exit.code = 1;
      }
    });
}
