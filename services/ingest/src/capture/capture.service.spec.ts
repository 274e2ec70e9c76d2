import type { BusMessage } from '@lotledger/bus';
import { createLogger, createPipelineMetrics } from '@lotledger/platform';
import type { CaptureJob, NewCaptureJob, Organisation } from '@lotledger/store';
import { describe, expect, it } from 'vitest';
import { CaptureProblem } from './capture.problem.js';
import { CAPTURE_MAX_EVENTS, type CaptureStore } from './capture.port.js';
import { CaptureService } from './capture.service.js';

const pharma: Organisation = {
  mspId: 'PharmaMSP',
  name: 'P',
  role: 'manufacturer',
  companyPrefixes: ['9520123'],
  glns: [],
  signingKeys: [],
  clientId: null,
  clientSecretHash: null,
};

/** In-memory stand-ins that record what the use case did. */
function harness(options: { failStore?: boolean } = {}): {
  service: CaptureService;
  jobs: NewCaptureJob[];
  pending: string[];
  published: BusMessage[];
} {
  const jobs: NewCaptureJob[] = [];
  const pending: string[] = [];
  const published: BusMessage[] = [];
  const store: CaptureStore = {
    recordCapture: (job, events) => {
      if (options.failStore === true) return Promise.reject(new Error('database down'));
      jobs.push(job);
      pending.push(...events.map((e) => e.hashId));
      return Promise.resolve();
    },
    updateCaptureJob: () => Promise.resolve(true),
    getCaptureJob: (): Promise<CaptureJob | null> => Promise.resolve(null),
    getEvent: () => Promise.resolve(null),
    findOrganisationOwningGln: (gln) => Promise.resolve(gln.startsWith('9520123') ? pharma : null),
    getOrganisation: () => Promise.resolve(pharma),
  };
  const bus = { publish: (_topic: string, messages: readonly BusMessage[]) => (published.push(...messages), Promise.resolve()) };
  const service = new CaptureService(store, bus, createLogger({ level: 'silent', service: 'test' }), createPipelineMetrics());
  return { service, jobs, pending, published };
}

function event(serial: string): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-03-02T08:15:12.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    epcList: [`urn:epc:id:sgtin:9520123.045678.${serial}`],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.L3' },
  };
}

function document(events: unknown[]): Record<string, unknown> {
  return {
    '@context': 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-03-02T16:40:00Z',
    epcisBody: { eventList: events },
  };
}

const request = { submitterMsp: 'PharmaMSP', errorBehaviour: 'rollback', expect: 'document', channel: 'rest', checkParties: true } as const;

async function problem(promise: Promise<unknown>): Promise<CaptureProblem> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaptureProblem);
  return error as CaptureProblem;
}

describe('capture use case', () => {
  it('refuses more events than the advertised capture limit before validating or storing anything', async () => {
    const h = harness();
    const tooMany = document(Array.from({ length: CAPTURE_MAX_EVENTS + 1 }, () => ({})));
    const p = await problem(h.service.capture({ ...request, body: tooMany }));
    expect([p.getStatus(), p.code]).toEqual([413, 'TOO_MANY_EVENTS']);
    expect(h.jobs).toEqual([]);
  });

  it('accepts an event repeated within one document once', async () => {
    const h = harness();
    const outcome = await h.service.capture({ ...request, body: document([event('A1'), event('A1'), event('A2')]) });
    expect(outcome.hashIds).toHaveLength(2);
    expect(h.published).toHaveLength(2);
    expect(h.jobs[0]?.hashIds).toEqual(outcome.hashIds);
  });

  it('records the job and the pending events before publishing', async () => {
    const h = harness();
    const outcome = await h.service.capture({ ...request, body: document([event('B1')]) });
    expect(h.pending).toEqual(outcome.hashIds);
    expect(h.published.map((m) => m.headers?.['x-hash-id'])).toEqual(outcome.hashIds);
  });

  it('answers 503 and publishes nothing when the store cannot record the capture', async () => {
    const h = harness({ failStore: true });
    const p = await problem(h.service.capture({ ...request, body: document([event('C1')]) }));
    expect([p.getStatus(), p.code]).toEqual([503, 'CAPTURE_UNAVAILABLE']);
    expect(h.published).toEqual([]);
  });

  it('completes an empty document at once, with nothing published', async () => {
    const h = harness();
    const outcome = await h.service.capture({ ...request, body: document([]) });
    expect(outcome.hashIds).toEqual([]);
    expect(h.published).toEqual([]);
  });
});
