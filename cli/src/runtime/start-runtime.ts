import { join, resolve } from 'node:path';
import { buildDigitalLink, parseIdentifier } from '@lotledger/domain';
import { gatewayOptionsFromEnv } from '@lotledger/gateway';
import { ConfigError, createLogger, describeConfig, loadConfig, type AppConfig } from '@lotledger/platform';
import type { CliIo, ExitCode } from '../cli-io.js';
import { DemoSeeder, type DemoOutcome } from '../demo/demo-seeder.js';
import { createLotledgerApp } from './lotledger-app.js';

export interface StartOptions {
  readonly port?: string;
  readonly host?: string;
  readonly data?: string;
  readonly demo: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A path on this host for a canonical id (`https://id.gs1.org/01/…` → `/01/…`). */
function resolverPath(canonicalId: string): string {
  const parsed = parseIdentifier(canonicalId);
  if (!parsed.ok) return '/';
  const built = buildDigitalLink(parsed.value.primaryKey, parsed.value.qualifiers, [], 'https://id.gs1.org');
  return built.ok ? new URL(built.value).pathname : '/';
}

function banner(config: AppConfig, base: string, demo: DemoOutcome | undefined): string {
  const shape = [
    config.store.kind === 'pglite' ? `PGlite in ${config.store.dataDir}` : 'PostgreSQL',
    config.bus.kind === 'embedded' ? 'the embedded bus' : 'Kafka',
    config.ledger.kind === 'embedded' ? 'the embedded ledger' : 'Hyperledger Fabric',
  ].join(', ');
  const lines = [
    '',
    `lotledger is running on ${base} (${shape})`,
    '',
    `  Capture (EPCIS 2.0 REST)   POST ${base}/epcis/capture    (Bearer token; poll the Location it returns)`,
    `  Query (EPCIS 2.0 REST)     GET  ${base}/epcis/events     OpenAPI: ${base}/openapi.json`,
    `  Digital Link resolver      ${base}/01/{gtin}/10/{lot}, /01/{gtin}/21/{serial}, /00/{sscc}, /414/{gln}`,
    `  Operations                 ${base}/health  ${base}/ready  ${base}/metrics`,
    `  A token for a supplier     npx lotledger token --org HeliosPharmaMSP --role supplier --data ${config.dataDir}`,
    `  GraphQL (provenance)       POST ${base}/graphql  e.g. { trace(id: "…", direction: UPSTREAM, maxDepth: 10) { nodes { id visible } } }`,
  ];
  if (demo !== undefined) {
    const { pharmaPack, steelCoil, steelHeat, vehicle } = demo.highlights;
    lines.push(
      '',
      'Demo chains (open in a browser, or scan the QR code):',
      `  a pharma pack       ${base}${resolverPath(pharmaPack)}`,
      `  its QR code         ${base}/qr${resolverPath(pharmaPack)}.svg`,
      `  a steel coil        ${base}${resolverPath(steelCoil)}`,
      `  the heat it came from, as events   ${base}/epcis/events?MATCH_anyEPC=${encodeURIComponent(steelHeat)}`,
      `  a vehicle           ${base}${resolverPath(vehicle)}`,
    );
  }
  return lines.join('\n');
}

/** Runs lotledger until a signal stops it (Nest's shutdown hooks close the adapters in order). */
export async function startLotledger(options: StartOptions, io: CliIo, exit: ExitCode, env: Environment): Promise<void> {
  const merged: Record<string, string | undefined> = { ...env };
  if (options.port !== undefined) merged['PORT'] = options.port;
  if (options.host !== undefined) merged['HOST'] = options.host;
  if (options.data !== undefined) merged['LOTLEDGER_DATA_DIR'] = resolve(options.data);
  let config: AppConfig;
  try {
    config = loadConfig(merged);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      exit.code = 78; // EX_CONFIG
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, service: 'lotledger' });
  logger.info({ config: describeConfig(config) }, 'starting');
  const gateway = gatewayOptionsFromEnv(merged, config.http);
  const app = await createLotledgerApp(config, gateway, logger);
  await app.listen(config.http.port, config.http.host);
  let demo: DemoOutcome | undefined;
  if (options.demo && config.ledger.kind === 'fabric') {
    // On Fabric every submitter is an MSP of the network with its own identity; the demo's six
    // organisations exist only on the embedded ledger, where any MSP id can sign.
    io.out("Demo not seeded: it needs the embedded ledger (on Fabric, organisations are the network's MSPs).");
  } else if (options.demo) {
    const seeder = new DemoSeeder(app, {
      markerFile: join(config.dataDir, 'demo-seeded.json'),
      timeoutMs: 60_000,
      now: () => new Date(),
      log: (line) => {
        io.out(line);
      },
    });
    if (!(await seeder.alreadySeeded())) io.out('Seeding the demo chains through the capture path (first start only)…');
    try {
      demo = await seeder.seed();
    } catch (error) {
      // A demo that cannot be captured means the pipeline is broken: say so and stop, do not serve half a demo.
      io.err(`lotledger: the demo could not be seeded: ${error instanceof Error ? error.message : String(error)}`);
      await app.close();
      exit.code = 1;
      return;
    }
  }
  io.out(banner(config, gateway.publicBaseUrl, demo));
}
