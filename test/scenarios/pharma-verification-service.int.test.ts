import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import type { PipelineOrg } from '../integration/pipeline/pipeline-world.js';
import { pgln, ProfileWorld, sgln } from './pharma-steel-auto-profile.world.js';

// Embedded shape: the whole app as `lotledger start` composes it.
const HELIOS: PipelineOrg = { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', prefix: '9520123' };
const PHARMACY: PipelineOrg = { mspId: 'CityPharmacyMSP', name: 'City Pharmacy', role: 'distributor', prefix: '9520789' };
const GTIN = '09520123000011';
const epc = (serial: string): string => `urn:epc:id:sgtin:9520123.000001.${serial}`;
const SERIALS = ['VS1001', 'VS1002', 'VS1003'];
// Four years ahead of today: unexpired whenever the suite runs, and inside GS1's YYMMDD century window.
const EXPIRY_YEAR = new Date().getUTCFullYear() + 4;
const EXPIRY = `${String(EXPIRY_YEAR)}-09-30`;
const EXPIRY_AI17 = `${String(EXPIRY_YEAR % 100).padStart(2, '0')}0930`;
const OTHER_EXPIRY_AI17 = `${String(EXPIRY_YEAR % 100).padStart(2, '0')}1031`;
const PAST_YEAR = new Date().getUTCFullYear() - 1;
const PAST_EXPIRY_AI17 = `${String(PAST_YEAR % 100).padStart(2, '0')}0131`;
const at = (iso: string): { eventTime: string; eventTimeZoneOffset: string } => ({ eventTime: iso, eventTimeZoneOffset: '+00:00' });

interface Answer {
  readonly verified: boolean;
  readonly reason?: string;
  readonly message?: string;
  readonly expiryDate?: string;
}

// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  "a pharmacist's scan verifies a genuine pack and names why any other pack must not be dispensed ($name)",
  (shape) => {
    let world: ProfileWorld;

    async function verify(serial: string, lot: string, expiry: string): Promise<Answer> {
      const reply = await world.resolve(`/01/${GTIN}/10/${lot}/21/${serial}?17=${expiry}&linkType=gs1:verificationService`, 'json');
      expect(reply.statusCode).toBe(200);
      return JSON.parse(reply.body) as Answer;
    }

    beforeAll(async () => {
      world = await ProfileWorld.open([HELIOS, PHARMACY], shape);
      await world.registerProduct({
        gtin: GTIN,
        name: 'Amoxicillin 500 mg',
        industry: 'pharma',
        publicAttributes: {},
        ownerMsp: HELIOS.mspId,
      });
      await world.captureAnchored(HELIOS, [
        {
          type: 'ObjectEvent',
          ...at('2026-10-05T05:30:00.000Z'),
          epcList: SERIALS.map(epc),
          action: 'ADD',
          bizStep: 'commissioning',
          disposition: 'active',
          readPoint: sgln(HELIOS),
          bizLocation: sgln(HELIOS),
          ilmd: { 'cbvmda:lotNumber': 'L2611A', 'cbvmda:itemExpirationDate': EXPIRY },
        },
        {
          type: 'ObjectEvent',
          ...at('2026-10-05T05:40:00.000Z'),
          epcList: [epc('VS0900')],
          action: 'ADD',
          bizStep: 'commissioning',
          disposition: 'active',
          readPoint: sgln(HELIOS),
          bizLocation: sgln(HELIOS),
          ilmd: { 'cbvmda:lotNumber': 'L2501C', 'cbvmda:itemExpirationDate': `${String(PAST_YEAR)}-01-31` },
        },
        {
          type: 'ObjectEvent',
          ...at('2026-10-06T04:00:00.000Z'),
          epcList: SERIALS.map(epc),
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          readPoint: sgln(HELIOS),
          sourceList: [{ type: 'owning_party', source: pgln(HELIOS) }],
          destinationList: [{ type: 'owning_party', destination: pgln(PHARMACY) }],
        },
      ]);
      // The pharmacy receives the packs and dispenses one: dispensing takes the serial out of circulation.
      await world.captureAnchored(PHARMACY, [
        {
          type: 'ObjectEvent',
          ...at('2026-10-07T08:00:00.000Z'),
          epcList: SERIALS.map(epc),
          action: 'OBSERVE',
          bizStep: 'receiving',
          disposition: 'in_progress',
          readPoint: sgln(PHARMACY),
          bizLocation: sgln(PHARMACY),
          sourceList: [{ type: 'owning_party', source: pgln(HELIOS) }],
          destinationList: [{ type: 'owning_party', destination: pgln(PHARMACY) }],
        },
        {
          type: 'ObjectEvent',
          ...at('2026-10-08T10:00:00.000Z'),
          epcList: [epc('VS1002')],
          action: 'OBSERVE',
          bizStep: 'dispensing',
          disposition: 'dispensed',
          readPoint: sgln(PHARMACY),
          bizLocation: sgln(PHARMACY),
        },
      ]);
      // The manufacturer recalls one pack on the ledger.
      const recall = await world.graphql(HELIOS, 'mutation { recall(id: "' + epc('VS1003') + '", reason: "tampered seal") { status } }');
      if (recall.errors !== undefined) throw new Error(JSON.stringify(recall.errors));
    }, 600_000);

    afterAll(async () => {
      await world.close();
    });

    it('verifies a genuine, unexpired pack whose lot and expiry match the record', async () => {
      expect(await verify('VS1001', 'L2611A', EXPIRY_AI17)).toMatchObject({ verified: true, expiryDate: EXPIRY });
    });

    it('answers UNKNOWN_SERIAL for a serial the manufacturer never commissioned', async () => {
      expect(await verify('FAKE0001', 'L2611A', EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'UNKNOWN_SERIAL' });
    });

    it('answers LOT_MISMATCH and EXPIRY_MISMATCH when the printed lot or expiry differs from the record', async () => {
      expect(await verify('VS1001', 'L2611B', EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'LOT_MISMATCH' });
      expect(await verify('VS1001', 'L2611A', OTHER_EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'EXPIRY_MISMATCH' });
    });

    it('answers ALREADY_DISPENSED for a dispensed serial', async () => {
      expect(await verify('VS1002', 'L2611A', EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'ALREADY_DISPENSED' });
    });

    it('answers EXPIRED for a genuine pack past its expiry date', async () => {
      expect(await verify('VS0900', 'L2501C', PAST_EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'EXPIRED' });
    });

    it('answers RECALLED for a recalled pack', async () => {
      expect(await verify('VS1003', 'L2611A', EXPIRY_AI17)).toMatchObject({ verified: false, reason: 'RECALLED' });
    });
  },
);
