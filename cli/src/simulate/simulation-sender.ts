import { documentEventHashIds } from '@lotledger/domain';
import type { CaptureTransport, TransportReply, TransportRequest } from './capture-transport.js';
import { silentProgress, type ProgressReporter } from './progress-reporter.js';
import type { TokenSource } from './simulation-registrar.js';
import { captureDocument } from './simulation-documents.js';
import type { SimCapture, Simulation } from './simulation.model.js';

export interface SimulationSummary {
  readonly captures: number;
  readonly eventsSent: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rejected events by code (ledger custody codes, or HTTP_<status> when a whole capture was refused). */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Deliberate violations generated, and how many of them were rejected with the expected code. */
  readonly expectedViolations: number;
  readonly violationsRejectedAsExpected: number;
  readonly elapsedMs: number;
}

/** A capture handed over by another channel than POST /epcis/capture: where its job will be. */
export interface SubmittedCapture {
  /** The capture job's path, e.g. /epcis/capture/{captureId}. */
  readonly location: string;
  /** The job exists only once the intake has read the message: until then its location answers 404. */
  readonly jobPending: boolean;
}

/** Hands one capture over (e.g. signed to lotledger.events.raw); its outcome is still read from its job. */
export type CaptureSubmitter = (capture: SimCapture) => Promise<SubmittedCapture>;

export interface SenderOptions {
  readonly transport: CaptureTransport;
  readonly tokens: TokenSource;
  /** How captures are handed over; POST /epcis/capture with the organisation's token when absent. */
  readonly submit?: CaptureSubmitter;
  /** Events per second; unpaced when absent. */
  readonly rate?: number;
  readonly progress?: ProgressReporter;
  readonly pollIntervalMs?: number;
  /** How long one capture may stay running before the run fails. */
  readonly jobTimeoutMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface JobView {
  readonly status: string;
  readonly events: readonly { readonly hashId: string; readonly status: string; readonly rejection?: { readonly code: string | null } }[];
}

interface Outcome {
  readonly accepted: number;
  readonly rejected: readonly { readonly hashId: string | undefined; readonly code: string }[];
}

export class SimulationSendError extends Error {
  override readonly name = 'SimulationSendError';
}

/**
 * Sends a simulation's captures in plan order with each organisation's token, waits before a capture
 * for the captures of other organisations it builds on (a receipt needs its shipment anchored), paces
 * to `rate`, and polls every capture job to the end for the summary.
 */
export class SimulationSender {
  readonly #options: SenderOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #locations = new Map<number, { readonly location: string; readonly msp: string; readonly jobPending: boolean }>();
  readonly #outcomes = new Map<number, Outcome>();
  #accepted = 0;
  #rejected = 0;

  constructor(options: SenderOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(simulation: Simulation): Promise<SimulationSummary> {
    const progress = this.#options.progress ?? silentProgress;
    const total = simulation.events.length;
    const started = this.#now();
    let sent = 0;
    const state = (): { sent: number; total: number; accepted: number; rejected: number } => ({
      sent,
      total,
      accepted: this.#accepted,
      rejected: this.#rejected,
    });
    progress.update(state());
    for (const capture of simulation.captures) {
      for (const dep of capture.after) await this.#settle(dep);
      const rate = this.#options.rate;
      if (rate !== undefined && rate > 0) {
        const due = started + (sent / rate) * 1000;
        const wait = due - this.#now();
        if (wait > 0) await this.#sleep(wait);
      }
      const submit = this.#options.submit;
      if (submit === undefined) await this.#post(capture);
      else this.#locations.set(capture.index, { ...(await submit(capture)), msp: capture.submitterMsp });
      sent += capture.events.length;
      progress.update(state());
    }
    for (const capture of simulation.captures) {
      await this.#settle(capture.index);
      progress.update(state());
    }
    progress.finish(state());
    return this.#summary(simulation, sent, this.#now() - started);
  }

  /** Sends a request, waiting out rate limiting (429) as the server asks. */
  async #request(request: TransportRequest): Promise<TransportReply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.#options.transport.send(request);
      if (reply.status !== 429 || attempt >= 20) return reply;
      await this.#sleep(Math.min(60, reply.retryAfter ?? attempt) * 1000);
    }
  }

  async #post(capture: SimCapture): Promise<void> {
    const token = await this.#options.tokens(capture.submitterMsp, 'supplier');
    const reply = await this.#request({
      method: 'POST',
      path: '/epcis/capture',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/ld+json' },
      body: JSON.stringify(captureDocument(capture)),
    });
    if (reply.status === 202 && reply.location !== undefined) {
      this.#locations.set(capture.index, { location: reply.location, msp: capture.submitterMsp, jobPending: false });
      return;
    }
    // Refused whole (bad document, foreign location, …): every event of it counts as rejected.
    let code = `HTTP_${String(reply.status)}`;
    try {
      const problem = JSON.parse(reply.body) as { code?: unknown };
      if (typeof problem.code === 'string') code = `${code}_${problem.code}`;
    } catch {
      // not a problem document; the status says enough
    }
    this.#record(capture.index, { accepted: 0, rejected: capture.events.map(() => ({ hashId: undefined, code })) });
  }

  #record(index: number, outcome: Outcome): void {
    this.#outcomes.set(index, outcome);
    this.#accepted += outcome.accepted;
    this.#rejected += outcome.rejected.length;
  }

  /** Polls a sent capture's job until it is no longer running. */
  async #settle(index: number): Promise<void> {
    if (this.#outcomes.has(index)) return;
    const sent = this.#locations.get(index);
    if (sent === undefined) throw new SimulationSendError(`capture ${String(index)} is waited for before it was sent`);
    const deadline = this.#now() + (this.#options.jobTimeoutMs ?? 120_000);
    let polls = 0;
    for (;;) {
      const token = await this.#options.tokens(sent.msp, 'supplier');
      const reply = await this.#options.transport.send({
        method: 'GET',
        path: sent.location,
        headers: { authorization: `Bearer ${token}` },
      });
      // A message on Kafka has no job until the intake reads it: not found yet is still running.
      const notYet = reply.status === 404 && sent.jobPending;
      if (reply.status !== 200 && !notYet)
        throw new SimulationSendError(`capture job ${sent.location}: ${String(reply.status)} ${reply.body}`);
      const job = notYet ? undefined : (JSON.parse(reply.body) as JobView);
      if (job !== undefined && job.status !== 'running') {
        this.#record(index, {
          accepted: job.events.filter((e) => e.status === 'anchored').length,
          rejected: job.events
            .filter((e) => e.status !== 'anchored')
            .map((e) => ({ hashId: e.hashId, code: e.status === 'rejected' ? (e.rejection?.code ?? 'REJECTED') : e.status.toUpperCase() })),
        });
        return;
      }
      if (this.#now() > deadline)
        throw new SimulationSendError(
          job === undefined
            ? `capture job ${sent.location} never appeared within ${String(this.#options.jobTimeoutMs ?? 120_000)} ms: is the lotledger at --to reading the same Kafka, or was the message set aside to lotledger.dlq (see its x-error-code)?`
            : `capture job ${sent.location} still running after ${String(this.#options.jobTimeoutMs ?? 120_000)} ms`,
        );
      // Polls back off while a job runs long, so waiting costs the server little.
      await this.#sleep(Math.min(500, (this.#options.pollIntervalMs ?? 25) * 2 ** Math.min(polls, 5)));
      polls += 1;
    }
  }

  #summary(simulation: Simulation, sent: number, elapsedMs: number): SimulationSummary {
    const byReason: Record<string, number> = {};
    let expected = 0;
    let asExpected = 0;
    for (const capture of simulation.captures) {
      const outcome = this.#outcomes.get(capture.index);
      const rejected = new Map((outcome?.rejected ?? []).flatMap((r) => (r.hashId === undefined ? [] : [[r.hashId, r.code] as const])));
      for (const r of outcome?.rejected ?? []) byReason[r.code] = (byReason[r.code] ?? 0) + 1;
      const hashes = documentEventHashIds(captureDocument(capture));
      for (const [i, e] of capture.events.entries()) {
        if (e.expectedRejection === undefined) continue;
        expected += 1;
        const hash = hashes[i];
        if (hash !== undefined && rejected.get(hash) === e.expectedRejection) asExpected += 1;
      }
    }
    return {
      captures: simulation.captures.length,
      eventsSent: sent,
      accepted: this.#accepted,
      rejected: this.#rejected,
      rejectedByReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => a.localeCompare(b))),
      expectedViolations: expected,
      violationsRejectedAsExpected: asExpected,
      elapsedMs,
    };
  }
}

/** The summary as the command prints it. */
export function formatSummary(simulation: Simulation, summary: SimulationSummary): string {
  const o = simulation.options;
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `simulate: industry ${o.industry}, scale ${String(o.scale)}, seed ${o.seed}`,
    `  organisations  ${String(simulation.organisations.length)}, locations ${String(simulation.locations.length)}, products ${String(simulation.products.length)}`,
    `  events sent    ${String(summary.eventsSent)} in ${String(summary.captures)} captures, ${seconds.toFixed(1)} s (${(seconds > 0 ? summary.eventsSent / seconds : 0).toFixed(1)} events/s)`,
    `  accepted       ${String(summary.accepted)}`,
    `  rejected       ${String(summary.rejected)}`,
    ...Object.entries(summary.rejectedByReason).map(([code, n]) => `    ${code.padEnd(22)} ${String(n)}`),
    `  deliberate custody violations ${String(summary.expectedViolations)}, rejected as expected ${String(summary.violationsRejectedAsExpected)}`,
  ];
  return lines.join('\n');
}
