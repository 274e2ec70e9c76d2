import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/faults/*.ts, or test/faults/dist/faults/*.js when compiled). */
export function repoRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.includes(join('faults', 'dist')) ? resolve(here, '../../../..') : resolve(here, '../..');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface LotledgerProcessOptions {
  readonly dataDir: string;
  readonly port: number;
  /**
   * A service's own main instead of `lotledger start` (e.g. services/anchor/dist/main.js): it reads
   * everything from the environment (LOTLEDGER_DATA_DIR and PORT are set from dataDir and port) and
   * is ready when /ready answers.
   */
  readonly main?: string;
  /** Names the process in the log. */
  readonly name?: string;
  /** Extra environment (DATABASE_URL, KAFKA_BROKERS, ANCHOR_*, …) on top of this process's. */
  readonly env: Readonly<Record<string, string>>;
  /** Every start's stdout and stderr are appended here. */
  readonly logFile: string;
}

/**
 * One `lotledger start` process (`node bin/lotledger.js start --data DIR --port P`), started,
 * SIGKILLed and started again on the same data folder — the embedded shape, or the real-stack shape
 * when the environment names PostgreSQL and Kafka. The first start seeds the demo organisations the
 * load needs; later starts pass --no-demo (the demo marker would skip it anyway).
 */
export class LotledgerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private starts = 0;
  private readonly log: WriteStream;

  constructor(private readonly options: LotledgerProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${String(this.options.port)}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the process and resolves when /ready answers 200 (and, on the first start, the demo is
   * seeded). The process runs from the packages' dist/, which a build in the same checkout may be
   * rewriting at that moment: a start that dies on a missing module is tried again, a few times.
   */
  async start(timeoutMs = this.starts === 0 ? 900_000 : 300_000): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.startOnce(timeoutMs);
        return;
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('ERR_MODULE_NOT_FOUND') || attempt >= 12) throw error;
        this.log.write(`--- start failed on a module being rebuilt; trying again in 5 s\n`);
        await sleep(5_000);
      }
    }
  }

  private async startOnce(timeoutMs: number): Promise<void> {
    if (this.running) throw new Error('lotledger is already running');
    const first = this.starts === 0;
    this.starts += 1;
    const main = this.options.main;
    const args =
      main === undefined ? ['bin/lotledger.js', 'start', '--data', this.options.dataDir, '--port', String(this.options.port)] : [main];
    if (main === undefined && !first) args.push('--no-demo');
    const child = spawn(process.execPath, args, {
      cwd: repoRoot(),
      env: {
        ...inheritedEnv(),
        LOG_LEVEL: 'warn',
        ...(main === undefined ? {} : { LOTLEDGER_DATA_DIR: this.options.dataDir, PORT: String(this.options.port) }),
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // `lotledger start` prints its banner once the demo is seeded; a service's main is ready on /ready alone.
    const seen = { banner: main !== undefined, output: '' };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.log.write(text);
      seen.output = (seen.output + text).slice(-4_000);
      if (seen.output.includes('lotledger is running on')) seen.banner = true;
    };
    // stdio is 'pipe': both streams exist.
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.log.write(
      `\n--- ${this.options.name ?? 'lotledger'} start #${String(this.starts)} pid ${String(child.pid)} at ${new Date().toISOString()}\n`,
    );
    this.exited = new Promise((r) => {
      child.once('exit', () => {
        r();
      });
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // (child, not this.running: the guard at the top narrowed that getter to false)
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`lotledger exited during start (code ${String(child.exitCode)}); last output:\n${seen.output}`);
      if (seen.banner && (await this.ready())) return;
      if (Date.now() > deadline) throw new Error(`lotledger not ready after ${String(timeoutMs)} ms; last output:\n${seen.output}`);
      await sleep(100);
    }
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** kill -9: no shutdown hook runs, whatever the process had in hand is cut off. */
  async kill9(): Promise<void> {
    if (this.child === undefined || !this.running) return;
    this.log.write(`--- ${this.options.name ?? 'lotledger'} SIGKILL pid ${String(this.child.pid)} at ${new Date().toISOString()}\n`);
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM; the shutdown hooks close the adapters), SIGKILL after the timeout. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child === undefined || !this.running) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!stopped) await this.kill9();
  }

  async close(): Promise<void> {
    await this.kill9();
    await new Promise<void>((r) => {
      this.log.end(() => {
        r();
      });
    });
  }
}

/**
 * This process's environment without the settings that choose real servers: a scenario names its
 * shape itself (test/run-all.sh exports DATABASE_URL and KAFKA_BROKERS for every suite, and the
 * embedded scenarios must not pick them up).
 */
function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => k !== 'DATABASE_URL' && k !== 'KAFKA_BROKERS' && !k.startsWith('FABRIC_') && !k.startsWith('LOTLEDGER_'),
    ),
  );
}
