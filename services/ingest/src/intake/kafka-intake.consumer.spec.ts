import type { BatchContext, BusMessage, ConsumedMessage, EventBus, PartitionBatch } from '@lotledger/bus';
import { HEADERS, TOPICS, type Logger, type PipelineMetrics } from '@lotledger/platform';
import type { Organisation } from '@lotledger/store';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { CaptureService } from '../capture/capture.service.js';
import { captureIdOf, KafkaIntake, RETRIES_EXHAUSTED } from './kafka-intake.consumer.js';

function message(offset: number, value: string): ConsumedMessage {
  return { offset, key: null, value: new TextEncoder().encode(value), headers: {}, timestamp: 0 };
}

describe('intake capture ids', () => {
  it('names the same job for a redelivered message, and different jobs for different messages', () => {
    const id = captureIdOf('lotledger.events.raw', 3, message(17, 'jws'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(captureIdOf('lotledger.events.raw', 3, message(17, 'jws'))).toBe(id);
    expect(captureIdOf('lotledger.events.raw', 3, message(18, 'jws'))).not.toBe(id);
    expect(captureIdOf('lotledger.events.raw', 4, message(17, 'jws'))).not.toBe(id);
    expect(captureIdOf('lotledger.events.raw', 3, message(17, 'other'))).not.toBe(id);
  });
});

const ORG = 'HeliosPharmaMSP';

interface World {
  readonly intake: KafkaIntake;
  readonly dlq: BusMessage[];
  readonly captured: string[];
  storeUp: boolean;
}

/**
 * A KafkaIntake over fakes of its ports: a registry holding one organisation's key, a bus that keeps
 * what goes to the DLQ, and a capture that throws for payloads containing "poison".
 */
async function world(maxAttempts = 3): Promise<World & { sign(...payloads: string[]): Promise<ConsumedMessage[]> }> {
  const pair = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1' };
  const organisation: Organisation = {
    mspId: ORG,
    name: 'Helios',
    role: 'manufacturer',
    companyPrefixes: ['9520123'],
    glns: [],
    signingKeys: [jwk],
    clientId: null,
    clientSecretHash: null,
  };
  const state = { storeUp: true };
  const dlq: BusMessage[] = [];
  const captured: string[] = [];
  const bus = {
    publish: (topic: string, messages: readonly BusMessage[]) => {
      if (topic === TOPICS.dlq) dlq.push(...messages);
      return Promise.resolve();
    },
    health: () => Promise.resolve({ ok: true, detail: 'fake' }),
  } as unknown as EventBus;
  const capture = {
    capture: (request: { body: unknown }) => {
      const text = JSON.stringify(request.body);
      if (text.includes('poison')) return Promise.reject(new TypeError('cannot read properties of undefined'));
      captured.push(text);
      return Promise.resolve({ captureId: 'c', hashIds: [], errors: [] });
    },
  } as unknown as CaptureService;
  const registry = {
    getOrganisation: (mspId: string) => Promise.resolve(mspId === ORG ? organisation : null),
    ping: () => Promise.resolve(state.storeUp),
  };
  const metrics = { dlqMessages: { inc: () => undefined }, consumerLag: { set: () => undefined } } as unknown as Pick<
    PipelineMetrics,
    'dlqMessages' | 'consumerLag'
  >;
  const logger = { warn: () => undefined, debug: () => undefined } as unknown as Logger;
  const intake = new KafkaIntake(bus, registry, capture, logger, metrics, { maxAttempts });
  let offset = 0;
  return {
    intake,
    dlq,
    captured,
    get storeUp() {
      return state.storeUp;
    },
    set storeUp(up: boolean) {
      state.storeUp = up;
    },
    async sign(...payloads: string[]) {
      return Promise.all(
        payloads.map(async (p) => {
          const jws = await new CompactSign(new TextEncoder().encode(p))
            .setProtectedHeader({ alg: 'ES256', kid: 'k1', org: ORG })
            .sign(pair.privateKey);
          offset += 1;
          return { offset, key: null, value: new TextEncoder().encode(jws), headers: {}, timestamp: 0 };
        }),
      );
    },
  };
}

const context: BatchContext = { heartbeat: () => Promise.resolve(), isRunning: () => true, isStale: () => false };
const batchOf = (messages: readonly ConsumedMessage[]): PartitionBatch => ({ topic: TOPICS.raw, partition: 0, messages });

describe('the Kafka intake and a poison message', () => {
  it('sends a message that keeps failing while the store and bus are up to the DLQ after the attempt limit, then goes on', async () => {
    const w = await world(3);
    const batch = batchOf(await w.sign('{"n":"poison"}', '{"n":"fine"}'));
    await expect(w.intake.handle(batch, context)).rejects.toThrow(TypeError);
    await expect(w.intake.handle(batch, context)).rejects.toThrow(TypeError);
    expect(w.dlq).toHaveLength(0);
    await w.intake.handle(batch, context);
    expect(w.dlq).toHaveLength(1);
    const headers = w.dlq[0]?.headers ?? {};
    expect(headers[HEADERS.errorCode]).toBe(RETRIES_EXHAUSTED);
    expect(headers[HEADERS.errorSource]).toBe('ingest');
    expect(headers[HEADERS.errorReason]).toMatch(/failed 3 times while the store and the bus were up \(TypeError: cannot read/);
    // The message after it is captured: the partition is no longer blocked.
    expect(w.captured).toEqual(['{"n":"fine"}']);
  });

  it('keeps retrying without a limit while the store is down, and sends nothing to the DLQ', async () => {
    const w = await world(2);
    w.storeUp = false;
    const batch = batchOf(await w.sign('{"n":"poison"}'));
    for (let i = 0; i < 6; i++) await expect(w.intake.handle(batch, context)).rejects.toThrow(TypeError);
    expect(w.dlq).toHaveLength(0);
    // Back up: the count starts from here, so an outage never spends a message's attempts.
    w.storeUp = true;
    await expect(w.intake.handle(batch, context)).rejects.toThrow(TypeError);
    await w.intake.handle(batch, context);
    expect(w.dlq.map((m) => m.headers?.[HEADERS.errorCode])).toEqual([RETRIES_EXHAUSTED]);
  });
});
