import { describe, expect, it } from 'vitest';
import type { AlertToRaise } from '../ports/alert-store.port.js';
import type { ReadModelStore } from '../read-model-store.js';
import { fixtureBatch, fixtureEvent, hashIdOf, sgtin } from './read-model-fixtures.js';

/** A cold-chain excursion of the event `label`, owned by `ownerMsp`. */
export function fixtureAlert(label: string, overrides: Partial<AlertToRaise> = {}): AlertToRaise {
  return {
    eventHashId: hashIdOf(label),
    objectId: sgtin(1),
    gtin: '04012345000011',
    industry: 'pharma',
    code: 'COLD_CHAIN_EXCURSION',
    message: 'kept at up to 11.5 °C, above the storage maximum of 8 °C',
    field: 'temperature',
    observed: 11.5,
    limitMin: 2,
    limitMax: 8,
    unit: 'CEL',
    source: "storage range in the product's registered master data",
    ownerMsp: 'Org1MSP',
    eventTime: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function reading(label: string, status: 'anchored' | 'rejected' = 'anchored') {
  return fixtureEvent({
    label,
    bizStep: 'sensor_reporting',
    objects: [{ objectId: sgtin(1), role: 'epc' }],
    status,
    ...(status === 'rejected' ? { rejectCode: 'NOT_CUSTODIAN', rejectReason: 'not the custodian' } : {}),
  });
}

/**
 * The alerts inbox, inside the read-model conformance suite (same store, emptied before each test):
 * alerts are written with their batch, only for anchored events, once per (event, code, field).
 */
export function registerAlertConformance(storeOf: () => ReadModelStore): void {
  describe('alerts', () => {
    it('stores the alert of an anchored event with its batch and returns its code', async () => {
      const store = storeOf();
      const result = await store.applyAnchoredBatch({ ...fixtureBatch('al-1', [reading('r1')]), alerts: [fixtureAlert('r1')] });
      expect(result.alertsRaised).toEqual(['COLD_CHAIN_EXCURSION']);
      const page = await store.listAlerts({}, { first: 10 });
      const id = page.alerts[0]?.id;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(page.alerts).toEqual([
        {
          ...fixtureAlert('r1'),
          id,
          raisedAt: '2026-03-02T00:00:01.000Z',
          acknowledgedAt: null,
          acknowledgedBy: null,
        },
      ]);
      expect(page.nextCursor).toBeNull();
    });

    it('raises nothing twice when the batch is replayed or the finding repeats', async () => {
      const store = storeOf();
      const batch = { ...fixtureBatch('al-2', [reading('r2')]), alerts: [fixtureAlert('r2'), fixtureAlert('r2', { observed: 12 })] };
      expect((await store.applyAnchoredBatch(batch)).alertsRaised).toEqual(['COLD_CHAIN_EXCURSION']);
      expect((await store.applyAnchoredBatch(batch)).alertsRaised).toEqual([]);
      expect((await store.listAlerts({}, { first: 10 })).alerts.map((a) => a.observed)).toEqual([11.5]);
    });

    it('stores no alert for a rejected event, nor for an event not in the read model', async () => {
      const store = storeOf();
      const result = await store.applyAnchoredBatch({
        ...fixtureBatch('al-3', [reading('r3', 'rejected')]),
        alerts: [fixtureAlert('r3'), fixtureAlert('never-stored')],
      });
      expect(result.alertsRaised).toEqual([]);
      expect((await store.listAlerts({}, { first: 10 })).alerts).toEqual([]);
    });

    it('pages newest first and filters by owner, industry, code and acknowledgement', async () => {
      const store = storeOf();
      const labels = ['p1', 'p2', 'p3', 'p4', 'p5'];
      for (const [i, label] of labels.entries()) {
        const batch = fixtureBatch(`al-p${String(i)}`, [reading(label)]);
        await store.applyAnchoredBatch({
          ...batch,
          batch: { ...batch.batch, anchoredAt: `2026-03-0${String(i + 2)}T00:00:00.000Z` },
          alerts: [
            fixtureAlert(label, {
              ownerMsp: i % 2 === 0 ? 'Org1MSP' : 'Org2MSP',
              ...(i === 4 ? { industry: 'steel', code: 'CERTIFICATE_OUT_OF_SPEC', field: 'steel:C', unit: '%' } : {}),
            }),
          ],
        });
      }
      const first = await store.listAlerts({}, { first: 2 });
      expect(first.alerts.map((a) => a.eventHashId)).toEqual([hashIdOf('p5'), hashIdOf('p4')]);
      const second = await store.listAlerts({}, { first: 2, after: first.nextCursor ?? '' });
      expect(second.alerts.map((a) => a.eventHashId)).toEqual([hashIdOf('p3'), hashIdOf('p2')]);
      const third = await store.listAlerts({}, { first: 2, after: second.nextCursor ?? '' });
      expect(third.alerts.map((a) => a.eventHashId)).toEqual([hashIdOf('p1')]);
      expect(third.nextCursor).toBeNull();
      expect((await store.listAlerts({ ownerMsp: 'Org2MSP' }, { first: 10 })).alerts.map((a) => a.eventHashId)).toEqual([
        hashIdOf('p4'),
        hashIdOf('p2'),
      ]);
      expect((await store.listAlerts({ industry: 'steel' }, { first: 10 })).alerts.map((a) => a.code)).toEqual(['CERTIFICATE_OUT_OF_SPEC']);
      expect((await store.listAlerts({ code: 'COLD_CHAIN_EXCURSION', ownerMsp: 'Org1MSP' }, { first: 10 })).alerts).toHaveLength(2);
      const [newest] = first.alerts;
      await store.acknowledgeAlert(newest?.id ?? '', 'alice (Org1MSP)', '2026-03-09T08:00:00.000Z');
      expect((await store.listAlerts({ acknowledged: true }, { first: 10 })).alerts.map((a) => a.id)).toEqual([newest?.id]);
      expect((await store.listAlerts({ acknowledged: false }, { first: 10 })).alerts).toHaveLength(4);
      await expect(store.listAlerts({}, { first: 2, after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('keeps the first acknowledgement, and answers null for an unknown alert', async () => {
      const store = storeOf();
      await store.applyAnchoredBatch({ ...fixtureBatch('al-4', [reading('r4')]), alerts: [fixtureAlert('r4')] });
      const [alert] = (await store.listAlerts({}, { first: 1 })).alerts;
      const id = alert?.id ?? '';
      expect(await store.acknowledgeAlert(id, 'alice (Org1MSP)', '2026-03-03T09:00:00.000Z')).toMatchObject({
        id,
        acknowledgedAt: '2026-03-03T09:00:00.000Z',
        acknowledgedBy: 'alice (Org1MSP)',
      });
      expect(await store.acknowledgeAlert(id, 'bob (RegulatorMSP)', '2026-03-04T09:00:00.000Z')).toMatchObject({
        acknowledgedBy: 'alice (Org1MSP)',
      });
      expect((await store.getAlert(id))?.acknowledgedAt).toBe('2026-03-03T09:00:00.000Z');
      expect(await store.acknowledgeAlert('0'.repeat(32), 'alice', '2026-03-03T09:00:00.000Z')).toBeNull();
      expect(await store.getAlert('0'.repeat(32))).toBeNull();
    });
  });
}
