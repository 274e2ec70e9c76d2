import { documentEventHashIds } from '@lotledger/domain';
import { describe, expect, it } from 'vitest';
import type { CaptureTransport, TransportReply, TransportRequest } from './capture-transport.js';
import { captureDocument } from './simulation-documents.js';
import { SimulationSender } from './simulation-sender.js';
import type { Simulation } from './simulation.model.js';
import { generateSimulation } from './supply-chain.generator.js';

/**
 * A lotledger stand-in: accepts every capture (or refuses those of one organisation), anchors all
 * events but the deliberate violations, and answers job polls after `runningPolls` polls.
 */
function fakeLotledger(
  simulation: Simulation,
  options: { refuse?: string; runningPolls?: number; limitFirst?: number } = {},
): CaptureTransport & { log: string[] } {
  const log: string[] = [];
  const polls = new Map<string, number>();
  let limited = options.limitFirst ?? 0;
  return {
    log,
    send(request: TransportRequest): Promise<TransportReply> {
      if (limited > 0) {
        limited -= 1;
        log.push('429');
        return Promise.resolve({ status: 429, location: undefined, retryAfter: 2, body: '' });
      }
      if (request.method === 'POST') {
        const body = JSON.parse(request.body ?? '{}') as { epcisBody: { eventList: unknown[] } };
        const index = simulation.captures.findIndex((c) => JSON.stringify(captureDocument(c)) === request.body);
        const capture = simulation.captures[index];
        log.push(`POST ${String(index)}`);
        if (capture?.submitterMsp === options.refuse)
          return Promise.resolve({ status: 403, location: undefined, body: JSON.stringify({ code: 'FORBIDDEN_PARTY' }) });
        expect(body.epcisBody.eventList.length).toBe(capture?.events.length);
        return Promise.resolve({ status: 202, location: `/epcis/capture/${String(index)}`, body: '' });
      }
      const index = Number(request.path.split('/').pop());
      log.push(`GET ${String(index)}`);
      const n = (polls.get(request.path) ?? 0) + 1;
      polls.set(request.path, n);
      const capture = simulation.captures[index];
      if (capture === undefined) return Promise.resolve({ status: 404, location: undefined, body: '' });
      const hashes = documentEventHashIds(captureDocument(capture));
      const running = n <= (options.runningPolls ?? 0);
      return Promise.resolve({
        status: 200,
        location: undefined,
        body: JSON.stringify({
          status: running ? 'running' : 'partial',
          events: capture.events.map((e, i) =>
            e.expectedRejection === undefined
              ? { hashId: hashes[i], status: running ? 'pending' : 'anchored' }
              : { hashId: hashes[i], status: 'rejected', rejection: { code: e.expectedRejection } },
          ),
        }),
      });
    },
  };
}

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const tokens = (msp: string): Promise<string> => Promise.resolve(`token-of-${msp}`);

describe('the simulation sender', () => {
  const simulation = generateSimulation({ industry: 'all', scale: 300, seed: 'sender', violationRate: 0.05 });

  it('polls the captures a capture builds on before posting it', async () => {
    const transport = fakeLotledger(simulation, { runningPolls: 2 });
    const clock = fakeClock();
    await new SimulationSender({ transport, tokens, ...clock }).send(simulation);
    for (const capture of simulation.captures) {
      const posted = transport.log.indexOf(`POST ${String(capture.index)}`);
      for (const dep of capture.after) {
        const settled = transport.log.lastIndexOf(`GET ${String(dep)}`);
        expect(settled, `capture ${String(dep)} settled before ${String(capture.index)} is posted`).toBeLessThan(posted);
      }
    }
  });

  it('counts accepted and rejected events by reason, and checks the violations against what was expected', async () => {
    const summary = await new SimulationSender({ transport: fakeLotledger(simulation), tokens, ...fakeClock() }).send(simulation);
    const violations = simulation.events.filter((e) => e.expectedRejection !== undefined);
    expect(summary.eventsSent).toBe(simulation.events.length);
    expect(summary.rejected).toBe(violations.length);
    expect(summary.accepted).toBe(simulation.events.length - violations.length);
    expect(summary.violationsRejectedAsExpected).toBe(violations.length);
    expect(summary.rejectedByReason['NOT_CUSTODIAN'] ?? 0).toBe(violations.filter((v) => v.expectedRejection === 'NOT_CUSTODIAN').length);
  });

  it('counts every event of a refused capture as rejected with the HTTP status and problem code', async () => {
    const pharmacy = simulation.captures.find((c) => c.submitterMsp.endsWith('PharmacyMSP'))?.submitterMsp ?? '';
    const refusedEvents = simulation.captures.filter((c) => c.submitterMsp === pharmacy).reduce((n, c) => n + c.events.length, 0);
    const summary = await new SimulationSender({ transport: fakeLotledger(simulation, { refuse: pharmacy }), tokens, ...fakeClock() }).send(
      simulation,
    );
    expect(summary.rejectedByReason['HTTP_403_FORBIDDEN_PARTY']).toBe(refusedEvents);
    expect(summary.violationsRejectedAsExpected).toBeLessThan(summary.expectedViolations);
  });

  it('paces the captures to the requested rate', async () => {
    const clock = fakeClock();
    await new SimulationSender({ transport: fakeLotledger(simulation), tokens, rate: 50, ...clock }).send(simulation);
    const last = simulation.captures[simulation.captures.length - 1]?.events.length ?? 0;
    // The last capture is posted once the events before it have had their time at 50 events/s.
    expect(clock.now()).toBeGreaterThanOrEqual(((simulation.events.length - last) / 50) * 1000);
  });

  it('waits out rate limiting as the server asks', async () => {
    const transport = fakeLotledger(simulation, { limitFirst: 3 });
    const clock = fakeClock();
    const summary = await new SimulationSender({ transport, tokens, ...clock }).send(simulation);
    expect(transport.log.slice(0, 3)).toEqual(['429', '429', '429']);
    expect(clock.slept.slice(0, 3)).toEqual([2000, 2000, 2000]);
    expect(summary.eventsSent).toBe(simulation.events.length);
  });
});
