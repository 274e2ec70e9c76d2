import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import type { PipelineOrg } from '../integration/pipeline/pipeline-world.js';
import { ProfileWorld, sgln } from './pharma-steel-auto-profile.world.js';

// Embedded shape: the whole app as `lotledger start` composes it.
const HELIOS: PipelineOrg = { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', prefix: '9520123' };
const GTIN = '09520123000011';

function commissioning(serial: string, ilmd: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-10-05T05:30:00.000Z',
    eventTimeZoneOffset: '+00:00',
    epcList: [`urn:epc:id:sgtin:9520123.000001.${serial}`],
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: sgln(HELIOS),
    bizLocation: sgln(HELIOS),
    ilmd,
  };
}

// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  'a serialised pack commissioned without its expiry date is refused, naming the field to add ($name)',
  (shape) => {
    let world: ProfileWorld;

    beforeAll(async () => {
      world = await ProfileWorld.open([HELIOS], shape);
      await world.registerProduct({
        gtin: GTIN,
        name: 'Amoxicillin 500 mg',
        industry: 'pharma',
        publicAttributes: {},
        ownerMsp: HELIOS.mspId,
      });
    }, 600_000);

    afterAll(async () => {
      await world.close();
    });

    it('refuses the document with 400, the JSON pointer of the missing expiry and its expected form', async () => {
      const reply = await world.capture(HELIOS, [
        commissioning('NE1001', { 'cbvmda:lotNumber': 'L2611A', 'cbvmda:itemExpirationDate': '2028-09-30' }),
        commissioning('NE1002', { 'cbvmda:lotNumber': 'L2611A' }),
      ]);
      expect(reply.statusCode).toBe(400);
      expect(reply.body['errors']).toEqual([
        expect.objectContaining({
          pointer: '/epcisBody/eventList/1/ilmd/cbvmda:itemExpirationDate',
          code: 'PHARMA_EXPIRY_REQUIRED',
          expected: expect.stringContaining('YYYY-MM-DD') as unknown,
        }),
      ]);
      // Nothing of the refused document reached the record.
      expect(await world.client.store.getObject(`https://id.gs1.org/01/${GTIN}/21/NE1001`)).toBeNull();
    });

    it('accepts the same packs once lot and expiry are there', async () => {
      await world.captureAnchored(HELIOS, [
        commissioning('NE1002', { 'cbvmda:lotNumber': 'L2611A', 'cbvmda:itemExpirationDate': '2028-09-30' }),
      ]);
      expect((await world.client.store.getObject(`https://id.gs1.org/01/${GTIN}/21/NE1002`))?.status).toBe('active');
    });
  },
);
