/**
 * The gateway under read load (issue 6 §8), on a read model of ≥ 1M events in PostgreSQL:
 * - GraphQL `trace` of a 1,000-node genealogy (BOTH directions, maxDepth 10, every node with its object
 *   state) by a regulator, so every node is visible — at 50 concurrent clients; target p99 ≤ 50 ms;
 *   measured twice: uncompressed, and from a client that accepts compression (the kept answer goes out br);
 * - the consumer page of a lot (GET /01/{gtin}/10/{lot}, Accept: text/html) — 50 concurrent clients;
 *   targets ≥ 2,000 req/s and p99 ≤ 20 ms; measured twice: uncompressed, and as a phone's browser asks
 *   (Accept-Encoding: gzip, deflate, br, zstd — the gateway answers br).
 *
 * The data comes from the supply-chain simulator (bench-store.ts, simulated-store.ts): 1M simulated
 * events (seed gateway-bench) with the simulator's deep-genealogy option — a steel heat cast into slabs,
 * rolled into coils, slit into blanks, stamped into plates, assembled into brake modules fitted to
 * vehicles, 1,003 objects: the trace target is that heat; the consumer page target is an ordinary steel
 * heat (cast, slabs, coils with certificates). The events go through the anchor's own use case (embedded
 * ledger, real Merkle roots) into a database of its own on the server of DATABASE_URL, cached between
 * runs by generator version. The gateway is the one `lotledger start` composes (InfrastructureModule +
 * AuthModule + GatewayModule) with the PostgreSQL read model; the ledger is a stand-in answering from
 * the written batches (bench-ledger.ts). Load: a closed-loop keep-alive HTTP client in a worker thread
 * (load-worker.ts).
 *
 * Run: `npm run bench:gateway [-- --seconds 15 --connections 50]` with DATABASE_URL set (default: the
 * stack's postgresql://lotledger:lotledger@127.0.0.1:55432/lotledger); the bench database is
 * BENCH_DATABASE (default lotledger_bench) on that server; BENCH_SIMULATION_SCALE (default 1000000)
 * writes a smaller store for a quick try. Prints the figures and writes
 * bench-results/gateway.json.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, createAuthRuntime, generateSigningKey } from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { GatewayModule } from '@lotledger/gateway';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { BenchLedger } from './bench-ledger.js';
import { ensureBenchStore, GENERATOR_VERSION } from './bench-store.js';
import { SIMULATION_SCALE } from './simulated-store.js';
import type { LoadOutcome, LoadSpec } from './load-worker.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const SECONDS = argument('seconds', 15);
const WARMUP_SECONDS = argument('warmup', 3);
const CONNECTIONS = argument('connections', 50);
/** `--only trace` or `--only page` runs one of the two loads (for profiling). */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const SKIPPED: Figures = {
  requests: 0,
  failures: 0,
  reqPerSec: 0,
  p50Ms: Number.NaN,
  p90Ms: Number.NaN,
  p99Ms: Number.NaN,
  maxMs: Number.NaN,
};

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'cli', 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (cli/package.json)');
    dir = parent;
  }
  return dir;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

interface Figures {
  readonly requests: number;
  readonly failures: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function load(spec: LoadSpec): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: spec });
    worker.once('error', reject);
    worker.once('message', (outcome: LoadOutcome) => {
      void worker.terminate();
      if (outcome.firstFailure !== null) log(`  first failure: ${outcome.firstFailure}`);
      const sorted = outcome.latenciesMs.sort((a, b) => a - b);
      resolve({
        requests: outcome.requests,
        failures: outcome.failures,
        reqPerSec: round((outcome.requests / outcome.elapsedMs) * 1000),
        p50Ms: round(percentile(sorted, 50)),
        p90Ms: round(percentile(sorted, 90)),
        p99Ms: round(percentile(sorted, 99)),
        maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
      });
    });
  });
}

/** The load's figures, or no figures when `--only` left it out. */
function loadUnless(skip: boolean, spec: LoadSpec): Promise<Figures> {
  return skip ? Promise.resolve(SKIPPED) : load(spec);
}

const meetsPageTarget = (f: Figures): boolean => f.failures === 0 && f.reqPerSec >= 2000 && f.p99Ms <= 20;

const TRACE_QUERY = `query Trace($id: String!) {
  trace(id: $id, direction: BOTH, maxDepth: 10) {
    root truncated
    nodes { id visible depth direction object { id kind status custodianMsp location } }
    edges { parentId childId kind eventHash }
  }
}`;

interface TraceAnswer {
  readonly data?: {
    readonly trace: {
      readonly nodes: readonly { readonly visible: boolean; readonly object: unknown }[];
      readonly edges: readonly unknown[];
    };
  };
  readonly errors?: unknown;
}

/** What a phone's browser (Chrome on Android) sends for a page it opens from a scanned code. */
const PHONE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const PHONE_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

// A plain class given as the module of a dynamic module: no decorator needed.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class GatewayBenchModule {}

async function main(): Promise<void> {
  const adminUrl = process.env['DATABASE_URL'] ?? 'postgresql://lotledger:lotledger@127.0.0.1:55432/lotledger';
  const benchUrlObject = new URL(adminUrl);
  benchUrlObject.pathname = `/${process.env['BENCH_DATABASE'] ?? 'lotledger_bench'}`;
  const benchUrl = benchUrlObject.toString();

  log(
    `gateway bench: store of ≥ ${String(SIMULATION_SCALE)} simulated events (${GENERATOR_VERSION}) in ${benchUrlObject.pathname.slice(1)}`,
  );
  const benchStore = await ensureBenchStore(adminUrl, benchUrl, log);
  const { targets, state: storeState } = benchStore;
  log(`  store: ${storeState}; trace root ${targets.genealogyRoot}, consumer page ${targets.lotPath} (${targets.lotProductName})`);

  const dir = await mkdtemp(join(tmpdir(), 'lotledger-gateway-bench-'));
  const store = await ReadModelStore.open({ kind: 'postgres', url: benchUrl });
  const ledger = new BenchLedger(benchUrl);
  const bus = await EmbeddedEventBusAdapter.open({ dataDir: join(dir, 'bus') });
  const { key } = await generateSigningKey();
  const auth = createAuthRuntime({
    signingKey: key,
    issuer: 'http://localhost:8080',
    audience: 'lotledger',
    registry: { getOrganisationByClientId: () => Promise.resolve(null) },
  });
  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: benchUrl });
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: GatewayBenchModule,
      imports: [
        InfrastructureModule.forRoot(config, { service: 'gateway', adapters: { ledger, store, bus } }),
        AuthModule.forRoot(auth),
        GatewayModule.forRoot({ publicBaseUrl: 'https://trace.example.com' }),
      ],
    },
    new FastifyAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options type is a class; a literal is its documented use
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('the gateway did not listen on a TCP port');
  const base = `http://127.0.0.1:${String(address.port)}`;
  const token = (await auth.issuer.issue({ subject: 'bench-regulator', role: 'regulator' })).token;

  try {
    // The answers are checked once before they are timed: a fast wrong answer is no figure.
    const traceBody = JSON.stringify({ query: TRACE_QUERY, variables: { id: targets.genealogyRoot } });
    const traceHeaders = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const traceAnswer = (await (
      await fetch(`${base}/graphql`, { method: 'POST', headers: traceHeaders, body: traceBody })
    ).json()) as TraceAnswer;
    const nodes = traceAnswer.data?.trace.nodes ?? [];
    if (traceAnswer.errors !== undefined || nodes.length !== targets.genealogyNodes || nodes.some((n) => !n.visible || n.object === null))
      throw new Error(
        `trace answer is not the ${String(targets.genealogyNodes)}-node genealogy: ${JSON.stringify(traceAnswer).slice(0, 500)}`,
      );
    const page = await fetch(`${base}${targets.lotPath}`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    if (page.status !== 200 || !html.includes(targets.lotProductName) || !/verified/i.test(html))
      throw new Error(`consumer page answered ${String(page.status)}: ${html.slice(0, 500)}`);
    log(
      `  checked: trace has ${String(nodes.length)} visible nodes and ${String(traceAnswer.data?.trace.edges.length ?? 0)} edges; consumer page ${String(html.length)} bytes`,
    );

    const common = { connections: CONNECTIONS, warmupMs: WARMUP_SECONDS * 1000, durationMs: SECONDS * 1000 };
    log(`trace: ${String(CONNECTIONS)} clients, ${String(SECONDS)} s (+${String(WARMUP_SECONDS)} s warm-up)`);
    const trace = await loadUnless(ONLY === 'page', {
      url: `${base}/graphql`,
      method: 'POST',
      headers: traceHeaders,
      body: traceBody,
      ...common,
    });
    log(`  ${JSON.stringify(trace)}`);
    // Most HTTP clients (browsers, axios, curl --compressed) accept a compressed answer.
    const compressedHeaders = { ...traceHeaders, 'accept-encoding': PHONE_ACCEPT_ENCODING };
    const compressedCheck = await fetch(`${base}/graphql`, { method: 'POST', headers: compressedHeaders, body: traceBody });
    const compressedAnswer = (await compressedCheck.json()) as TraceAnswer; // fetch unpacks br
    if (
      compressedCheck.headers.get('content-encoding') !== 'br' ||
      (compressedAnswer.data?.trace.nodes.length ?? 0) !== targets.genealogyNodes
    )
      throw new Error('the kept trace answer was not sent as br, or did not unpack to the full genealogy');
    log(`trace, client accepting compression (Accept-Encoding: ${PHONE_ACCEPT_ENCODING}): ${String(CONNECTIONS)} clients`);
    const traceCompressed = await loadUnless(ONLY === 'page', {
      url: `${base}/graphql`,
      method: 'POST',
      headers: compressedHeaders,
      body: traceBody,
      ...common,
    });
    log(`  ${JSON.stringify(traceCompressed)}`);
    log(`consumer page: ${String(CONNECTIONS)} clients, ${String(SECONDS)} s (+${String(WARMUP_SECONDS)} s warm-up)`);
    const consumerPage = await loadUnless(ONLY === 'trace', {
      url: `${base}${targets.lotPath}`,
      method: 'GET',
      headers: { accept: 'text/html' },
      ...common,
    });
    log(`  ${JSON.stringify(consumerPage)}`);
    // A phone's browser asks for a compressed answer; the gateway keeps each page compressed once per change.
    const phoneHeaders = { accept: PHONE_ACCEPT, 'accept-encoding': PHONE_ACCEPT_ENCODING };
    const phoneCheck = await fetch(`${base}${targets.lotPath}`, { headers: phoneHeaders });
    const phoneBytes = (await phoneCheck.arrayBuffer()).byteLength; // fetch unpacks; the header tells what was sent
    if (phoneCheck.headers.get('content-encoding') !== 'br')
      throw new Error('the consumer page was not sent compressed to a phone browser');
    log(
      `consumer page as a phone browser asks (Accept-Encoding: ${PHONE_ACCEPT_ENCODING}; br on the wire): ${String(CONNECTIONS)} clients`,
    );
    const phonePage = await loadUnless(ONLY === 'trace', {
      url: `${base}${targets.lotPath}`,
      method: 'GET',
      headers: phoneHeaders,
      ...common,
    });
    log(`  ${JSON.stringify(phonePage)} (${String(phoneBytes)} bytes unpacked)`);

    const result = {
      bench: 'gateway',
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      store: {
        kind: 'postgres',
        source: 'supply-chain simulator (industry all, deep genealogy) through the anchor use case, embedded ledger',
        scale: SIMULATION_SCALE,
        generator: GENERATOR_VERSION,
        database: benchUrlObject.pathname.slice(1),
        state: storeState,
        ...(benchStore.generation === undefined ? {} : { generation: benchStore.generation }),
      },
      loadTool: 'closed-loop keep-alive node:http clients in a worker thread (test/bench/gateway/load-worker.ts)',
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      trace: {
        query: 'trace(BOTH, maxDepth 10) with every node object, as a regulator',
        root: targets.genealogyRoot,
        nodes: nodes.length,
        ...trace,
        target: { p99Ms: 50 },
        meetsTarget: trace.failures === 0 && trace.p99Ms <= 50,
      },
      traceCompressed: {
        headers: { 'accept-encoding': PHONE_ACCEPT_ENCODING },
        ...traceCompressed,
        target: { p99Ms: 50 },
        meetsTarget: traceCompressed.failures === 0 && traceCompressed.p99Ms <= 50,
      },
      consumerPage: {
        path: targets.lotPath,
        product: targets.lotProductName,
        ...consumerPage,
        target: { reqPerSec: 2000, p99Ms: 20 },
        meetsTarget: meetsPageTarget(consumerPage),
      },
      consumerPagePhone: {
        path: targets.lotPath,
        headers: phoneHeaders,
        ...phonePage,
        target: { reqPerSec: 2000, p99Ms: 20 },
        meetsTarget: meetsPageTarget(phonePage),
      },
    };
    const out = join(repoRoot(), 'bench-results', 'gateway.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    log('');
    log(`| figure                  | p50 ms | p99 ms | req/s  | target                   |`);
    log(`| ----------------------- | ------ | ------ | ------ | ------------------------ |`);
    log(
      `| trace 1,000 nodes       | ${String(trace.p50Ms).padStart(6)} | ${String(trace.p99Ms).padStart(6)} | ${String(trace.reqPerSec).padStart(6)} | p99 ≤ 50 ms              |`,
    );
    log(
      `| trace, compressed (br)  | ${String(traceCompressed.p50Ms).padStart(6)} | ${String(traceCompressed.p99Ms).padStart(6)} | ${String(traceCompressed.reqPerSec).padStart(6)} | p99 ≤ 50 ms              |`,
    );
    log(
      `| consumer page (lot)     | ${String(consumerPage.p50Ms).padStart(6)} | ${String(consumerPage.p99Ms).padStart(6)} | ${String(consumerPage.reqPerSec).padStart(6)} | ≥ 2,000 req/s, p99 ≤ 20 ms |`,
    );
    log(
      `| page, phone browser (br) | ${String(phonePage.p50Ms).padStart(6)} | ${String(phonePage.p99Ms).padStart(6)} | ${String(phonePage.reqPerSec).padStart(6)} | ≥ 2,000 req/s, p99 ≤ 20 ms |`,
    );
    log(`wrote ${out}`);
  } finally {
    await app.close();
    await bus.close();
    await ledger.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
