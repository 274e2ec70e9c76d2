import { loadSigningKeyFile, TokenIssuer } from '@lotledger/auth';
import { join } from 'node:path';
import type { FaultLoadGenerator } from './generator.js';
import { sleep } from './lotledger-process.js';

/** One acknowledged capture: what the service promised to keep. */
export interface Acknowledgement {
  readonly captureId: string;
  readonly submitterMsp: string;
  readonly hashIds: readonly string[];
  readonly at: number;
}

export interface LoadTotals {
  /** Documents / events sent (every attempt, acknowledged or not). */
  readonly documentsOffered: number;
  readonly eventsOffered: number;
  readonly documentsAcknowledged: number;
  readonly eventsAcknowledged: number;
  /** Answers other than 202 (503 while a server is down, …), by status; `network` = no answer. */
  readonly refusals: Readonly<Record<string, number>>;
  /** Valid documents the service refused outright (4xx): each is a bug, reported and failing the run. */
  readonly unexpected: readonly string[];
}

/** Bearer tokens signed with the data folder's key, exactly as `lotledger token` makes them. */
export class Tokens {
  private readonly cache = new Map<string, string>();
  private issuer: TokenIssuer | undefined;

  constructor(private readonly dataDir: string) {}

  private async getIssuer(): Promise<TokenIssuer> {
    if (this.issuer === undefined) {
      const key = await loadSigningKeyFile(join(this.dataDir, 'keys', 'auth-signing.pem'), { createIfMissing: false });
      this.issuer = new TokenIssuer(key, { issuer: 'http://localhost:8080', audience: 'lotledger' });
    }
    return this.issuer;
  }

  async supplier(mspId: string): Promise<string> {
    return this.get(
      `supplier:${mspId}`,
      async (i) => (await i.issue({ subject: `faults:${mspId}`, role: 'supplier', org: mspId, ttlSeconds: 6 * 3600 })).token,
    );
  }

  async regulator(): Promise<string> {
    return this.get(
      'regulator',
      async (i) => (await i.issue({ subject: 'faults:regulator', role: 'regulator', org: 'RegulatorMSP', ttlSeconds: 6 * 3600 })).token,
    );
  }

  private async get(key: string, make: (issuer: TokenIssuer) => Promise<string>): Promise<string> {
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const token = await make(await this.getIssuer());
    this.cache.set(key, token);
    return token;
  }
}

/**
 * A steady stream of captures over REST: one document every `intervalMs`, at most `maxInFlight`
 * at a time (a down server answers fast with a refused connection, so the stream keeps its pace and
 * does not pile up). Every 202 is recorded with the hash IDs the service returned; anything else is
 * counted as offered and not acknowledged — the events may or may not have been kept, and the
 * checker makes no claim about them.
 */
export class CaptureLoad {
  readonly acknowledged: Acknowledgement[] = [];
  private documentsOffered = 0;
  private eventsOffered = 0;
  private readonly refusals = new Map<string, number>();
  private readonly unexpected: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly tokens: Tokens,
    private readonly generator: FaultLoadGenerator,
    private readonly options: { readonly intervalMs: number; readonly maxInFlight: number; readonly requestTimeoutMs?: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  totals(): LoadTotals {
    return {
      documentsOffered: this.documentsOffered,
      eventsOffered: this.eventsOffered,
      documentsAcknowledged: this.acknowledged.length,
      eventsAcknowledged: this.acknowledged.reduce((n, a) => n + a.hashIds.length, 0),
      refusals: Object.fromEntries(this.refusals),
      unexpected: [...this.unexpected],
    };
  }

  /** Sends one document now (outside the stream's pace): used to probe recovery. */
  async sendOne(): Promise<Acknowledgement | undefined> {
    return this.send();
  }

  private async run(): Promise<void> {
    let next = Date.now();
    while (this.running) {
      if (this.inFlight.size < this.options.maxInFlight) {
        const p: Promise<void> = this.send().then(
          () => undefined,
          () => undefined,
        );
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      }
      next += this.options.intervalMs;
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      else next = Date.now();
    }
  }

  private async send(): Promise<Acknowledgement | undefined> {
    const doc = this.generator.next();
    this.documentsOffered += 1;
    this.eventsOffered += doc.eventCount;
    let status = 'network';
    try {
      const res = await fetch(`${this.baseUrl()}/epcis/capture`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await this.tokens.supplier(doc.submitterMsp)}`, 'content-type': 'application/ld+json' },
        body: JSON.stringify(doc.body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
      });
      status = String(res.status);
      const text = await res.text();
      if (res.status === 202) {
        const body = JSON.parse(text) as { captureID?: unknown; hashIds?: unknown };
        const hashIds = Array.isArray(body.hashIds) ? body.hashIds.filter((h): h is string => typeof h === 'string') : [];
        if (typeof body.captureID !== 'string' || hashIds.length !== doc.eventCount) {
          throw new MalformedAck(
            `a 202 without the capture id or with ${String(hashIds.length)} of ${String(doc.eventCount)} hash IDs: ${text}`,
          );
        }
        const ack: Acknowledgement = { captureId: body.captureID, submitterMsp: doc.submitterMsp, hashIds, at: Date.now() };
        this.acknowledged.push(ack);
        return ack;
      }
      if (res.status >= 400 && res.status < 500) {
        // A valid document refused by the service is a bug of the generator or the service, not a fault.
        this.unexpected.push(`document ${String(doc.seq)} refused with ${status}: ${text.slice(0, 500)}`);
      }
    } catch (error) {
      if (error instanceof MalformedAck) this.unexpected.push(error.message);
    }
    this.refusals.set(status, (this.refusals.get(status) ?? 0) + 1);
    return undefined;
  }
}

class MalformedAck extends Error {
  override readonly name = 'MalformedAck';
}
