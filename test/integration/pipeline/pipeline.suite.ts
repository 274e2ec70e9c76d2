import { canonicalObjectId, eventHashId, MerkleTree, verifyInclusion } from '@lotledger/domain';
import type { EventBus } from '@lotledger/bus';
import { createLogger, EVENT_BUS, loadConfig, TOPICS } from '@lotledger/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLotledgerApp } from '@lotledger/cli/runtime';
import type { PipelineDeployment, PipelineShape } from './pipeline-shape.js';
import { commissioning, EPCIS_CONTEXT, PipelineClient, shipping, type EpcisEvent, type PipelineOrg } from './pipeline-world.js';

const HELIOS: PipelineOrg = { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', prefix: '9520123' };
const MEDLINE: PipelineOrg = { mspId: 'MedLineMSP', name: 'MedLine Distribution', role: 'distributor', prefix: '9520456' };

const hashOf = (event: EpcisEvent): string => eventHashId({ '@context': EPCIS_CONTEXT, ...event });

/**
 * The end-to-end pipeline suite, written once and run against a deployment shape: the composed app
 * of `lotledger start` (ingest + anchor + gateway) on that shape, driven the way clients drive it.
 */
export function describePipelineSuite(shape: PipelineShape): void {
  describe(`the pipeline end to end on the ${shape.name}`, () => {
    let deployment: PipelineDeployment | undefined;
    let app: NestFastifyApplication | undefined;
    let client: PipelineClient;
    let serial = 0;
    /** Serials unique to this run, so reruns against the same servers never collide. */
    const serials = (n: number): string[] => Array.from({ length: n }, () => `E${deployment?.runId ?? 'x'}-${String((serial += 1))}`);

    async function boot(extraEnv: Readonly<Record<string, string>> = {}): Promise<NestFastifyApplication> {
      if (deployment === undefined) throw new Error('no deployment (see beforeAll)');
      const env = { ...deployment.env, ...extraEnv };
      const config = loadConfig(env, env['LOTLEDGER_DATA_DIR']);
      const started = await createLotledgerApp(
        config,
        { publicBaseUrl: 'http://127.0.0.1:8080' },
        createLogger({ level: 'silent', service: 'e2e' }),
      );
      await started.init();
      await started.getHttpAdapter().getInstance().ready();
      return started;
    }

    beforeAll(async () => {
      deployment = await shape.prepare();
      app = await boot();
      client = new PipelineClient(app);
      await client.registerOrganisations([HELIOS, MEDLINE]);
      await warmUp();
    });

    /**
     * Waits until a capture goes all the way through: on Kafka the app's consumer groups may take a
     * rebalance (up to the broker's session timeout) to join after a restart.
     */
    async function warmUp(): Promise<void> {
      const job = await client.waitForJob(HELIOS, await client.capture(HELIOS, [commissioning(HELIOS, serials(1))]), 240_000, 200);
      if (job.status !== 'success') throw new Error(`warm-up capture ended ${job.status}`);
    }

    afterAll(async () => {
      await app?.close();
      await deployment?.cleanup();
    });

    async function expectAnchoredWithVerifiedProof(hashIds: readonly string[]): Promise<void> {
      for (const hashId of hashIds) {
        const stored = await client.store.getEvent(hashId);
        expect(stored, hashId).toMatchObject({ status: 'anchored' });
        const batchId = stored?.batchId ?? '';
        const leaves = (await client.store.getBatch(batchId))?.leaves ?? [];
        const onLedger = await client.ledger.getBatch(batchId);
        expect(onLedger?.merkleRoot, `ledger batch ${batchId}`).toMatch(/^[0-9a-f]{64}$/);
        const proof = MerkleTree.fromLeaves(leaves).proof(stored?.leafIndex ?? -1);
        expect(verifyInclusion(hashId, proof, onLedger?.merkleRoot ?? '')).toBe(true);
        // The proof is bound to this event: another leaf does not verify against the same path.
        expect(verifyInclusion(`${hashId}x`, proof, onLedger?.merkleRoot ?? '')).toBe(false);
      }
    }

    it('captures over REST, reports the job done, and anchors every event with a proof that verifies against the ledger root', async () => {
      const events = [commissioning(HELIOS, serials(3)), commissioning(HELIOS, serials(2)), commissioning(HELIOS, serials(1))];
      const location = await client.capture(HELIOS, events);
      const job = await client.waitForJob(HELIOS, location);
      expect(job).toMatchObject({ status: 'success', anchoredCount: 3, rejectedCount: 0 });
      expect(new Set(job.events.map((e) => e.hashId))).toEqual(new Set(events.map(hashOf)));
      await expectAnchoredWithVerifiedProof(events.map(hashOf));
      // Queryable through the read model by its objects.
      const firstEpc = (events[0]?.['epcList'] as readonly string[] | undefined)?.[0] ?? '';
      const page = await client.store.queryEvents({ MATCH_epc: [canonicalObjectId(firstEpc)] });
      expect(page.events.map((e) => e.hashId)).toContain(hashOf(events[0] ?? {}));
    });

    it('captures a signed JWS document from lotledger.events.raw and anchors its events', async () => {
      const events = [commissioning(MEDLINE, serials(2)), commissioning(MEDLINE, serials(1))];
      await app?.get<EventBus>(EVENT_BUS).publish(TOPICS.raw, [{ key: MEDLINE.mspId, value: await client.signed(MEDLINE, events) }]);
      await client.waitForFinal(events.map(hashOf));
      await expectAnchoredWithVerifiedProof(events.map(hashOf));
      expect((await client.store.getEvent(hashOf(events[0] ?? {})))?.submitterMsp).toBe(MEDLINE.mspId);
    });

    it('adds nothing for a duplicate capture, and refuses an existing event on POST /epcis/events with 409', async () => {
      const events = [commissioning(HELIOS, serials(2)), commissioning(HELIOS, serials(2))];
      expect((await client.waitForJob(HELIOS, await client.capture(HELIOS, events))).status).toBe('success');
      const before = await Promise.all(events.map((e) => client.store.getEvent(hashOf(e))));
      const batchesBefore = await client.ledgerBatches();

      const again = await client.waitForJob(HELIOS, await client.capture(HELIOS, events));
      expect(again.status).not.toBe('failed');
      // Let the anchor see the replayed messages before comparing (its job already settled).
      await client.waitForFinal(events.map(hashOf));
      await new Promise((r) => setTimeout(r, 1_000));
      const after = await Promise.all(events.map((e) => client.store.getEvent(hashOf(e))));
      expect(after.map((e) => [e?.status, e?.batchId, e?.leafIndex])).toEqual(before.map((e) => [e?.status, e?.batchId, e?.leafIndex]));
      const batchesAfter = await client.ledgerBatches();
      const acceptedAfter = batchesAfter.flatMap((b) => b.accepted).filter((h) => events.map(hashOf).includes(h));
      expect(acceptedAfter).toHaveLength(events.length);
      // Replays that reach the ledger are recorded as already anchored, never as a second acceptance.
      expect(batchesAfter.flatMap((b) => b.accepted).length).toBe(batchesBefore.flatMap((b) => b.accepted).length);

      // The read model holds each of these events once.
      for (const e of events) {
        const epcs = (e['epcList'] as readonly string[]).map((epc) => canonicalObjectId(epc));
        const page = await client.store.queryEvents({ MATCH_epc: epcs });
        expect(page.events.map((x) => x.hashId)).toEqual([hashOf(e)]);
      }

      const single = await client.post(HELIOS, '/epcis/events', events[0], 'application/json');
      expect(single.statusCode, single.body).toBe(409);
    });

    it('stores a custody violation as rejected with its code and reason while the rest of the document anchors', async () => {
      const own = commissioning(HELIOS, serials(1));
      expect((await client.waitForJob(HELIOS, await client.capture(HELIOS, [own]))).status).toBe('success');
      const theirs = (own['epcList'] as string[])[0] ?? '';
      // MedLine ships Helios's item without ever receiving it, next to a commissioning of its own.
      const theft = shipping(MEDLINE, HELIOS, [theirs]);
      const legit = commissioning(MEDLINE, serials(1));
      const job = await client.waitForJob(MEDLINE, await client.capture(MEDLINE, [legit, theft]));
      expect(job).toMatchObject({ status: 'partial', anchoredCount: 1, rejectedCount: 1 });
      const rejected = await client.store.getEvent(hashOf(theft));
      expect(rejected).toMatchObject({ status: 'rejected', rejectCode: 'NOT_CUSTODIAN' });
      expect((rejected?.rejectReason ?? '').length).toBeGreaterThan(0);
      expect(job.events.find((e) => e.hashId === hashOf(theft))?.rejection).toMatchObject({ code: 'NOT_CUSTODIAN' });
      await expectAnchoredWithVerifiedProof([hashOf(legit)]);
      expect(await client.store.getObject(canonicalObjectId(theirs))).toMatchObject({ custodianMsp: HELIOS.mspId });
    });

    it('refuses an invalid document with 400 listing every error with its JSON pointer, and stores nothing', async () => {
      const good = commissioning(HELIOS, serials(1));
      const badTime = { ...commissioning(HELIOS, serials(1)), eventTime: 'yesterday' };
      const badEpc = { ...commissioning(HELIOS, serials(1)), epcList: [`urn:epc:id:sgtin:${HELIOS.prefix}.000001`] };
      const badAction = { ...commissioning(HELIOS, serials(1)), action: 'JUMP' };
      const reply = await client.post(HELIOS, '/epcis/capture', {
        '@context': EPCIS_CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date().toISOString(),
        epcisBody: { eventList: [good, badTime, badEpc, badAction] },
      });
      expect(reply.statusCode, reply.body).toBe(400);
      const problem = JSON.parse(reply.body) as { errors?: { pointer: string; code: string; message: string }[] };
      const pointers = (problem.errors ?? []).map((e) => e.pointer);
      expect(pointers).toContain('/epcisBody/eventList/1/eventTime');
      expect(pointers.some((p) => p.startsWith('/epcisBody/eventList/2/epcList/0'))).toBe(true);
      expect(pointers).toContain('/epcisBody/eventList/3/action');
      expect(pointers.some((p) => p.startsWith('/epcisBody/eventList/0'))).toBe(false);
      expect(await client.store.getEvent(hashOf(good))).toBeNull();
    });

    // Small transactions, so the stream is still being anchored when the app stops.
    const SMALL_BATCHES = { ANCHOR_BATCH_SIZE: '10', ANCHOR_LINGER_MS: '0' };

    async function restart(): Promise<void> {
      await app?.close();
      app = await boot(SMALL_BATCHES);
      client.attach(app);
      await warmUp();
    }

    /** Every accepted event anchored exactly once: on the ledger, in the read model, with a verifying proof. */
    async function expectEachAnchoredOnce(accepted: readonly string[]): Promise<void> {
      await client.waitForFinal(accepted, 120_000);
      const stored = await Promise.all(accepted.map((h) => client.store.getEvent(h)));
      expect(stored.filter((e) => e?.status === 'anchored')).toHaveLength(accepted.length);
      const onLedger = (await client.ledgerBatches()).flatMap((b) => b.accepted).filter((h) => accepted.includes(h));
      expect(onLedger).toHaveLength(accepted.length);
      expect(new Set(onLedger).size).toBe(accepted.length);
      for (const e of stored) expect((await client.ledger.isAnchored(e?.hashId ?? ''))?.batchId).toBe(e?.batchId);
      await expectAnchoredWithVerifiedProof(accepted.slice(0, 5));
    }

    const stream = (): EpcisEvent[][] =>
      Array.from({ length: 12 }, () => Array.from({ length: 25 }, () => commissioning(HELIOS, serials(1))));

    it(
      'loses nothing and doubles nothing when the app is stopped mid-stream and started again on the same data',
      { timeout: 600_000 },
      async () => {
        const documents = stream();
        const accepted = documents.flat().map(hashOf);
        await restart();
        for (const events of documents) await client.capture(HELIOS, events);
        // Stop as soon as the anchor has started on the stream.
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          const first = await client.store.getEvent(accepted[0] ?? '');
          if (first !== null && first.status !== 'pending') break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await restart();
        await expectEachAnchoredOnce(accepted);
      },
    );

    it(
      'loses nothing and doubles nothing when the anchor dies between the ledger commit and the read-model write',
      { timeout: 600_000 },
      async () => {
        const documents = stream();
        const accepted = documents.flat().map(hashOf);
        await restart();
        // From the third batch on, the read-model write fails as if the process died right after the
        // ledger transaction committed: those batches are on the ledger, not in the store, offsets uncommitted.
        const store = client.store;
        const apply = store.applyAnchoredBatches.bind(store);
        let batches = 0;
        store.applyAnchoredBatches = (delivery) => {
          batches += 1;
          return batches > 2 ? Promise.reject(new Error('simulated crash before the read-model write')) : apply(delivery);
        };
        for (const events of documents) await client.capture(HELIOS, events);
        const deadline = Date.now() + 60_000;
        while (batches <= 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        const committedOnLedger = (await client.ledgerBatches()).flatMap((b) => b.accepted).filter((h) => accepted.includes(h)).length;
        const inStore = (await Promise.all(accepted.map((h) => store.getEvent(h)))).filter((e) => e?.status === 'anchored').length;
        // The ledger is ahead of the read model: the state a crash leaves behind.
        expect(committedOnLedger).toBeGreaterThan(inStore);
        await restart();
        await expectEachAnchoredOnce(accepted);
      },
    );
  });
}
