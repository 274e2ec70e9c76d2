import { AuthError, verifyIntakeMessage } from '@lotledger/auth';
import { documentEventHashIds } from '@lotledger/domain';
import { captureIdOf } from '@lotledger/ingest';
import { HEADERS, TOPICS } from '@lotledger/platform';
import type { Organisation } from '@lotledger/store';
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type { CaptureTransport, TransportReply, TransportRequest } from './capture-transport.js';
import { IntakeSigner } from './intake-signer.js';
import { intakeCaptureId, intakeMessage, kafkaSubmitter, parseBrokers, type IntakeProducer } from './kafka-intake-producer.js';
import { captureDocument } from './simulation-documents.js';
import { registerSigningKeys } from './simulation-registrar.js';
import { SimulationSender } from './simulation-sender.js';
import { generateSimulation } from './supply-chain.generator.js';

const organisation = (mspId: string, signingKeys: readonly object[]): Organisation => ({
  mspId,
  name: mspId,
  role: 'manufacturer',
  companyPrefixes: [],
  glns: [],
  signingKeys: signingKeys.map((k) => JSON.parse(JSON.stringify(k)) as Organisation['signingKeys'][number]),
  clientId: null,
  clientSecretHash: null,
});

const DOCUMENT = { type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: { eventList: [{ type: 'ObjectEvent', note: 'Zürich' }] } };

describe('the intake signer and message', () => {
  it('makes a message the real intake verifier accepts for the organisation whose public key is registered', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP', 'MedLineMSP']);
    const message = await intakeMessage(signer, 'HeliosMSP', DOCUMENT);
    const registry = new Map([
      ['HeliosMSP', organisation('HeliosMSP', [signer.publicJwk('HeliosMSP')])],
      ['MedLineMSP', organisation('MedLineMSP', [signer.publicJwk('MedLineMSP')])],
    ]);
    const verified = await verifyIntakeMessage(
      message.value,
      (m) => Promise.resolve(registry.get(m) ?? null),
      message.headers[HEADERS.submitterMsp],
    );
    expect(verified.org).toBe('HeliosMSP');
    expect(verified.kid).toBe(signer.kid('HeliosMSP'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(DOCUMENT);
    expect(message.key).toBe('HeliosMSP');
    expect(message.headers).toEqual({ [HEADERS.submitterMsp]: 'HeliosMSP' });
  });

  it('names the key by its RFC 7638 thumbprint and registers the public half only', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP']);
    const jwk = signer.publicJwk('HeliosMSP');
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kid', 'kty', 'x', 'y']);
    expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x ?? '', y: jwk.y ?? '' }, 'sha256'));
    const header = decodeProtectedHeader(new TextDecoder().decode((await intakeMessage(signer, 'HeliosMSP', DOCUMENT)).value));
    expect(header).toEqual({ alg: 'ES256', kid: jwk.kid, org: 'HeliosMSP' });
  });

  it("is refused by the verifier when the organisation registered another organisation's key", async () => {
    const signer = await IntakeSigner.create(['HeliosMSP', 'MedLineMSP']);
    const message = await intakeMessage(signer, 'HeliosMSP', DOCUMENT);
    const impostor = organisation('HeliosMSP', [{ ...signer.publicJwk('MedLineMSP'), kid: signer.kid('HeliosMSP') }]);
    const refusal = await verifyIntakeMessage(message.value, () => Promise.resolve(impostor)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AuthError);
    expect((refusal as AuthError).code).toBe('JWS_BAD_SIGNATURE');
  });

  it('refuses to sign for an organisation that is not in the simulation', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP']);
    await expect(signer.sign('OtherMSP', DOCUMENT)).rejects.toThrow(/OtherMSP/);
  });

  it('derives the capture id the intake gives the message at that partition and offset', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP']);
    const { key, value } = await intakeMessage(signer, 'HeliosMSP', DOCUMENT);
    const asConsumed = { offset: 41, key: Buffer.from(key), value, headers: { [HEADERS.submitterMsp]: key }, timestamp: 1 };
    expect(intakeCaptureId(3, 41, key, value)).toBe(captureIdOf(TOPICS.raw, 3, asConsumed));
    expect(intakeCaptureId(3, 42, key, value)).not.toBe(intakeCaptureId(3, 41, key, value));
  });

  it('reads a broker list as KAFKA_BROKERS does, and refuses one without ports', () => {
    expect(parseBrokers(' 127.0.0.1:9092, kafka-2:19092 ')).toEqual(['127.0.0.1:9092', 'kafka-2:19092']);
    expect(() => parseBrokers('localhost')).toThrow(/host:port/);
    expect(() => parseBrokers(' , ')).toThrow(/host:port/);
  });
});

describe('sending a simulation over Kafka', () => {
  it('produces each capture signed by its organisation, waits out the jobs not read yet, and sums up as over REST', async () => {
    const simulation = generateSimulation({ industry: 'pharma', scale: 60, seed: 'kafka-unit', violationRate: 0.05 });
    const signer = await IntakeSigner.create(simulation.captures.map((c) => c.submitterMsp));
    const registry = new Map(signer.organisations.map((m) => [m, organisation(m, [signer.publicJwk(m)])]));
    const produced: { mspId: string; captureId: string; index: number }[] = [];
    const producer: IntakeProducer = {
      async produce(mspId, document) {
        const { key, value } = await intakeMessage(signer, mspId, document);
        // What the intake would do with it: verify, then read it as that organisation's document.
        const verified = await verifyIntakeMessage(value, (m) => Promise.resolve(registry.get(m) ?? null));
        const body = new TextDecoder().decode(verified.payload);
        const index = simulation.captures.findIndex((c) => JSON.stringify(captureDocument(c)) === body);
        expect(simulation.captures[index]?.submitterMsp).toBe(verified.org);
        const captureId = intakeCaptureId(0, produced.length, key, value);
        produced.push({ mspId, captureId, index });
        return { partition: 0, offset: produced.length - 1, captureId };
      },
      close: () => Promise.resolve(),
    };
    const polls = new Map<string, number>();
    const transport: CaptureTransport = {
      send(request: TransportRequest): Promise<TransportReply> {
        expect(request.method).toBe('GET');
        const id = request.path.replace('/epcis/capture/', '');
        const sent = produced.find((p) => p.captureId === id);
        const n = (polls.get(id) ?? 0) + 1;
        polls.set(id, n);
        const capture = simulation.captures[sent?.index ?? -1];
        // The intake has not read the message for the first two polls: no job yet.
        if (capture === undefined || n <= 2) return Promise.resolve({ status: 404, location: undefined, body: '{}' });
        const hashes = documentEventHashIds(captureDocument(capture));
        const events = capture.events.map((e, i) =>
          e.expectedRejection === undefined
            ? { hashId: hashes[i], status: 'anchored' }
            : { hashId: hashes[i], status: 'rejected', rejection: { code: e.expectedRejection } },
        );
        return Promise.resolve({ status: 200, location: undefined, body: JSON.stringify({ status: 'partial', events }) });
      },
    };
    const sender = new SimulationSender({
      transport,
      tokens: (m) => Promise.resolve(`token-${m}`),
      submit: kafkaSubmitter(producer),
      sleep: () => Promise.resolve(),
    });
    const summary = await sender.send(simulation);
    expect(produced.map((p) => p.index)).toEqual(simulation.captures.map((c) => c.index));
    const violations = simulation.events.filter((e) => e.expectedRejection !== undefined).length;
    expect(violations).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      captures: simulation.captures.length,
      eventsSent: simulation.events.length,
      accepted: simulation.events.length - violations,
      rejected: violations,
      expectedViolations: violations,
      violationsRejectedAsExpected: violations,
    });
  });

  it('fails naming the DLQ when a job never appears', async () => {
    const simulation = generateSimulation({ industry: 'steel', scale: 20, seed: 'lost' });
    let now = 0;
    const sender = new SimulationSender({
      transport: { send: () => Promise.resolve({ status: 404, location: undefined, body: '' }) },
      tokens: () => Promise.resolve('t'),
      submit: () => Promise.resolve({ location: '/epcis/capture/lost', jobPending: true }),
      jobTimeoutMs: 1_000,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    });
    await expect(sender.send(simulation)).rejects.toThrow(/never appeared.*lotledger\.dlq/);
  });

  it('registers each public key with its own organisation as a supplier', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP', 'MedLineMSP']);
    const requests: { token: string | undefined; variables: { mspId: string; jwk: { kid: string; d?: string } } }[] = [];
    const transport: CaptureTransport = {
      send(request) {
        const body = JSON.parse(request.body ?? '{}') as { query: string; variables: (typeof requests)[number]['variables'] };
        expect(body.query).toContain('registerSigningKey');
        requests.push({ token: request.headers['authorization'], variables: body.variables });
        return Promise.resolve({ status: 200, location: undefined, body: '{"data":{"registerSigningKey":{"kid":"x"}}}' });
      },
    };
    await registerSigningKeys(signer, transport, (m, role) => Promise.resolve(`${role}:${m}`));
    expect(requests.map((r) => [r.token, r.variables.mspId, r.variables.jwk.kid])).toEqual([
      ['Bearer supplier:HeliosMSP', 'HeliosMSP', signer.kid('HeliosMSP')],
      ['Bearer supplier:MedLineMSP', 'MedLineMSP', signer.kid('MedLineMSP')],
    ]);
    expect(requests.every((r) => r.variables.jwk.d === undefined)).toBe(true);
  });

  it('stops with the server message when a key is refused', async () => {
    const signer = await IntakeSigner.create(['HeliosMSP']);
    const transport: CaptureTransport = {
      send: () =>
        Promise.resolve({
          status: 200,
          location: undefined,
          body: '{"data":null,"errors":[{"message":"organisation HeliosMSP is not registered","extensions":{"code":"NOT_FOUND"}}]}',
        }),
    };
    await expect(registerSigningKeys(signer, transport, () => Promise.resolve('t'))).rejects.toThrow(/HeliosMSP is not registered/);
  });
});
