/**
 * A closed-loop HTTP load generator in a worker thread (so it does not share the server's event loop):
 * `connections` clients on keep-alive sockets, each sending its next request as soon as the previous
 * answer is read. Answers that arrive during the warm-up are dropped.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadOutcome {
  readonly latenciesMs: number[];
  readonly requests: number;
  readonly failures: number;
  readonly firstFailure: string | null;
  readonly elapsedMs: number;
}

function once(spec: LoadSpec, agent: Agent): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const req = request(spec.url, { method: spec.method, headers: spec.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
      });
      res.on('end', () => {
        const ok = res.statusCode === 200;
        resolve({ ok, detail: ok ? '' : `${String(res.statusCode)} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}` });
      });
    });
    req.on('error', (error) => {
      resolve({ ok: false, detail: error.message });
    });
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}

async function run(spec: LoadSpec): Promise<LoadOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const latenciesMs: number[] = [];
  let requests = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      const { ok, detail } = await once(spec, agent);
      // Counted by when the answer came: under a slow server every answer may outlast the warm-up.
      if (performance.now() < measureFrom) continue;
      requests++;
      latenciesMs.push(performance.now() - t);
      if (!ok) {
        failures++;
        firstFailure ??= detail;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, client));
  agent.destroy();
  return { latenciesMs, requests, failures, firstFailure, elapsedMs: performance.now() - measureFrom };
}

if (parentPort !== null) {
  const port = parentPort;
  void run(workerData as LoadSpec).then((outcome) => {
    port.postMessage(outcome);
  });
}
