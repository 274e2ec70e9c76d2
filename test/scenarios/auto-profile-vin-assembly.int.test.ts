import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import type { PipelineOrg } from '../integration/pipeline/pipeline-world.js';
import { ProfileWorld, sgln } from './pharma-steel-auto-profile.world.js';

// Embedded shape: the whole app as `lotledger start` composes it.
const AUTOWERK: PipelineOrg = { mspId: 'AutowerkMSP', name: 'Autowerk Vehicles', role: 'manufacturer', prefix: '4012345' };
const VALID_VIN = '1M8GDM9AXKP042788';
// The same VIN with position 9 mistyped: the North-American check digit (49 CFR 565.15) must be X.
const MISTYPED_VIN = '1M8GDM9A1KP042788';
const vehicle = (vin: string): string => `urn:epc:id:sgtin:4012345.000040.${vin}`;
const CALIPERS = ['urn:epc:id:sgtin:4012345.000050.BC30-5001', 'urn:epc:id:sgtin:4012345.000050.BC30-5002'];

function commissioning(epcs: readonly string[], time: string): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: time,
    eventTimeZoneOffset: '+00:00',
    epcList: epcs,
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: sgln(AUTOWERK, '00029', 'EOL1'),
    bizLocation: sgln(AUTOWERK, '00029'),
  };
}

function assembly(vin: string): Record<string, unknown> {
  return {
    type: 'AssociationEvent',
    eventTime: '2026-10-08T07:30:00.000Z',
    eventTimeZoneOffset: '+00:00',
    parentID: vehicle(vin),
    childEPCs: CALIPERS,
    action: 'ADD',
    bizStep: 'assembling',
    disposition: 'active',
    readPoint: sgln(AUTOWERK, '00029', 'FA3'),
    bizLocation: sgln(AUTOWERK, '00029'),
  };
}

// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  'a vehicle is known by a valid VIN: a mistyped VIN is refused, and parts assembled into the vehicle trace to it ($name)',
  (shape) => {
    let world: ProfileWorld;

    beforeAll(async () => {
      world = await ProfileWorld.open([AUTOWERK], shape);
      await world.registerProduct({
        gtin: '04012345000405',
        name: 'Autowerk Model E compact car',
        industry: 'auto',
        publicAttributes: { kind: 'vehicle', model: 'Model E' },
        ownerMsp: AUTOWERK.mspId,
      });
      await world.registerProduct({
        gtin: '04012345000504',
        name: 'Front brake caliper BC-30',
        industry: 'auto',
        publicAttributes: { partNumber: 'BC-30' },
        ownerMsp: AUTOWERK.mspId,
      });
    }, 600_000);

    afterAll(async () => {
      await world.close();
    });

    it('refuses commissioning a vehicle whose VIN check digit is wrong, naming the identifier and the expected digit', async () => {
      const reply = await world.capture(AUTOWERK, [commissioning([vehicle(MISTYPED_VIN)], '2026-10-08T06:45:00.000Z')]);
      expect(reply.statusCode).toBe(400);
      expect(reply.body['errors']).toEqual([
        expect.objectContaining({
          pointer: '/epcisBody/eventList/0/epcList/0',
          code: 'VIN_CHECK_DIGIT',
          expected: expect.stringContaining('check digit X') as unknown,
        }),
      ]);
    });

    it('accepts a vehicle with a valid VIN and the assembly of parts into it, so a part leads to its vehicle', async () => {
      await world.captureAnchored(AUTOWERK, [
        commissioning(CALIPERS, '2026-10-08T05:00:00.000Z'),
        commissioning([vehicle(VALID_VIN)], '2026-10-08T06:45:00.000Z'),
        assembly(VALID_VIN),
      ]);
      const impact = await world.client.store.recallImpact('https://id.gs1.org/01/04012345000504/21/BC30-5001');
      expect(impact.affected.map((a) => a.id)).toContain(`https://id.gs1.org/01/04012345000405/21/${VALID_VIN}`);
    });

    it('refuses an assembly into a vehicle with a mistyped VIN, pointing at its parentID', async () => {
      const reply = await world.capture(AUTOWERK, [assembly(MISTYPED_VIN)]);
      expect(reply.statusCode).toBe(400);
      expect(reply.body['errors']).toEqual([
        expect.objectContaining({ pointer: '/epcisBody/eventList/0/parentID', code: 'VIN_CHECK_DIGIT' }),
      ]);
    });
  },
);
