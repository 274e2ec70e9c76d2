import type { BusMessage, ConsumedMessage, PartitionBatch } from '@lotledger/bus';
import { createLogger, TOPICS } from '@lotledger/platform';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedAnchorHarness } from '../testing/embedded-anchor.harness.js';
import { EpcisEventFixtures, MSP, type EpcisEventJson } from '../testing/epcis-event.fixtures.js';
import { AnchorBatchUseCase } from './anchor-batch.use-case.js';

const encoder = new TextEncoder();
// Each test anchors several batches on the embedded ledger and PGlite: slow on a busy machine.
const TEST_TIMEOUT_MS = 90_000;

function toConsumed(messages: readonly BusMessage[]): PartitionBatch {
  return {
    topic: TOPICS.events,
    partition: 0,
    messages: messages.map((m, offset): ConsumedMessage => ({
      offset,
      key: typeof m.key === 'string' ? encoder.encode(m.key) : m.key,
      value: typeof m.value === 'string' ? encoder.encode(m.value) : m.value,
      headers: m.headers ?? {},
      timestamp: Date.now(),
    })),
  };
}

/** A logger's temperature report on `event` (min and max over the reporting period, °C). */
function withReading(event: EpcisEventJson, minValue: number, maxValue: number): EpcisEventJson {
  return {
    ...event,
    sensorElementList: [
      {
        sensorMetadata: { time: event['eventTime'] as string, deviceID: 'urn:epc:id:giai:4012345.LOGGER1' },
        sensorReport: [{ type: 'gs1:MT-Temperature', minValue, maxValue, uom: 'CEL' }],
      },
    ],
  };
}

describe('industry-profile alerts written with the anchored batch', () => {
  let dataDir: string;
  let h: EmbeddedAnchorHarness;
  let f: EpcisEventFixtures;
  let useCase: AnchorBatchUseCase;
  let gtin: string;

  const newUseCase = (): AnchorBatchUseCase =>
    new AnchorBatchUseCase({
      ledger: h.ledger,
      store: h.store,
      bus: h.bus,
      logger: createLogger({ level: 'silent', service: 't' }),
      metrics: h.metrics,
    });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-alerts-'));
    f = new EpcisEventFixtures(Math.random().toString(36).slice(2, 8));
    h = await EmbeddedAnchorHarness.open({ dataDir });
    gtin = /\/01\/(\d{14})\//.exec(f.item())?.[1] ?? '';
    await h.store.upsertProduct({
      gtin,
      name: 'Vaccine, 10 vials',
      industry: 'pharma',
      imageUrl: null,
      publicAttributes: { storage: 'Store at 2–8 °C' },
      ownerMsp: MSP.manufacturer,
    });
    useCase = newUseCase();
  });

  afterEach(async () => {
    await h.close();
    await rm(dataDir, { recursive: true, force: true });
  }, TEST_TIMEOUT_MS);

  it(
    'raises one alert for a cold-chain excursion read on a case, for the owner of the packs inside',
    async () => {
      const packs = [f.item(), f.item()];
      const kase = f.sscc();
      await useCase.handle(
        toConsumed([
          f.busMessage('manufacturer', f.commission('manufacturer', packs)),
          f.busMessage('manufacturer', f.commission('manufacturer', [kase])),
        ]),
      );
      // Packed and read in the same batch: the contents come from the batch's own edges.
      const reading = f.message('manufacturer', withReading(f.ship('manufacturer', [kase], 'distributor'), 3.9, 11.5));
      const outcome = await useCase.handle(
        toConsumed([f.busMessage('manufacturer', f.pack('manufacturer', kase, packs)), f.busMessage('manufacturer', reading.event)]),
      );
      expect(outcome).toMatchObject({ anchored: 2, rejected: 0 });

      const { alerts } = await h.store.listAlerts({}, { first: 10 });
      expect(alerts).toEqual([
        expect.objectContaining({
          eventHashId: reading.hashId,
          objectId: kase,
          gtin,
          industry: 'pharma',
          code: 'COLD_CHAIN_EXCURSION',
          field: 'temperature',
          observed: 11.5,
          limitMin: 2,
          limitMax: 8,
          unit: 'CEL',
          ownerMsp: MSP.manufacturer,
          acknowledgedAt: null,
        }),
      ]);
      expect(await h.metrics.registry.getSingleMetricAsString('lotledger_alerts_raised_total')).toMatch(
        /lotledger_alerts_raised_total\{code="COLD_CHAIN_EXCURSION"\} 1/,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'still holds one alert when the batch is delivered again, to the same or a fresh anchor',
    async () => {
      const pack = f.item();
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [pack]))]));
      const batch = toConsumed([f.busMessage('manufacturer', withReading(f.ship('manufacturer', [pack], 'distributor'), 0.5, 9))]);
      await useCase.handle(batch);
      await useCase.handle(batch);
      await newUseCase().handle(batch);

      const { alerts } = await h.store.listAlerts({}, { first: 10 });
      // 1 °C above the 8 °C maximum and 1.5 °C below the 2 °C minimum: one alert per (event, code, field), the worse one.
      expect(alerts.map((a) => [a.objectId, a.code, a.field, a.observed])).toEqual([[pack, 'COLD_CHAIN_EXCURSION', 'temperature', 0.5]]);
      expect(await h.metrics.registry.getSingleMetricAsString('lotledger_alerts_raised_total')).toMatch(
        /\{code="COLD_CHAIN_EXCURSION"\} 1\b/,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'raises nothing for a rejected event that carries an excursion, nor for a reading within range',
    async () => {
      const pack = f.item();
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [pack]))]));
      // The distributor is not the custodian: the ledger rejects its shipment, readings and all.
      const theft = f.message('distributor', withReading(f.ship('distributor', [pack], 'manufacturer'), 4, 15));
      expect(await useCase.handle(toConsumed([f.busMessage('distributor', theft.event)]))).toMatchObject({ rejected: 1 });
      expect(await h.store.getEvent(theft.hashId)).toMatchObject({ status: 'rejected' });
      const cool = withReading(f.ship('manufacturer', [pack], 'distributor'), 3, 7);
      expect(await useCase.handle(toConsumed([f.busMessage('manufacturer', cool)]))).toMatchObject({ anchored: 1 });

      expect((await h.store.listAlerts({}, { first: 10 })).alerts).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'raises an alert for a certificate value outside its grade, for the mill that owns the coil',
    async () => {
      await h.store.upsertProduct({
        gtin,
        name: 'S355J2 hot-rolled coil, 8 mm',
        industry: 'steel',
        imageUrl: null,
        publicAttributes: { grade: 'S355J2', thickness: '8 mm' },
        ownerMsp: MSP.manufacturer,
      });
      const coil = f.item();
      const certificate = {
        'cbvmda:lotNumber': 'H26-301',
        'steel:grade': 'S355J2',
        'steel:inspectionDocument': {
          'steel:type': 'EN 10204 3.1',
          'steel:number': '31-H26-301',
          'steel:chemicalCompositionPercent': { 'steel:C': 0.16, 'steel:Mn': 1.4 },
          'steel:yieldStrengthMPa': 338,
          'steel:tensileStrengthMPa': 520,
          'steel:elongationPercent': 24,
          'steel:impactEnergyJ': 60,
        },
      };
      const commission = f.message('manufacturer', { ...f.commission('manufacturer', [coil]), ilmd: certificate });
      expect(await useCase.handle(toConsumed([f.busMessage('manufacturer', commission.event)]))).toMatchObject({ anchored: 1 });

      const { alerts } = await h.store.listAlerts({ industry: 'steel' }, { first: 10 });
      expect(alerts.map((a) => [a.eventHashId, a.objectId, a.code, a.field, a.observed, a.limitMin, a.unit, a.ownerMsp])).toEqual([
        [commission.hashId, coil, 'CERTIFICATE_OUT_OF_SPEC', 'steel:yieldStrengthMPa', 338, 355, 'MPa', MSP.manufacturer],
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});
