import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import { REGULATOR, type PipelineOrg } from '../integration/pipeline/pipeline-world.js';
import { findingsOf, pgln, PROFILE_FINDINGS_QUERY, ProfileWorld, sgln } from './pharma-steel-auto-profile.world.js';

const HELIOS: PipelineOrg = { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', prefix: '9520123' };
const MEDLINE: PipelineOrg = { mspId: 'MedLineMSP', name: 'MedLine Distribution', role: 'distributor', prefix: '9520456' };
const GTIN = '09520123000011';
const PACKS = ['urn:epc:id:sgtin:9520123.000001.CC1001', 'urn:epc:id:sgtin:9520123.000001.CC1002'];
const COOL_PACK = 'urn:epc:id:sgtin:9520123.000001.CC2001';
const CASE = 'urn:epc:id:sscc:9520123.0000000017';
const PACK_ID = `https://id.gs1.org/01/${GTIN}/21/CC1001`;

const at = (iso: string): { eventTime: string; eventTimeZoneOffset: string } => ({ eventTime: iso, eventTimeZoneOffset: '+00:00' });

function temperature(epc: string, time: string, minValue: number, maxValue: number): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    ...at(time),
    epcList: [epc],
    action: 'OBSERVE',
    bizStep: 'sensor_reporting',
    readPoint: sgln(MEDLINE, '00010'),
    sensorElementList: [
      {
        sensorMetadata: { time, deviceID: 'urn:epc:id:giai:9520456.LOGGER7' },
        sensorReport: [{ type: 'gs1:MT-Temperature', minValue, maxValue, uom: 'CEL' }],
      },
    ],
  };
}

// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  'a pack that was kept too warm shows an excursion to its owner and the regulator ($name)',
  (shape) => {
    let world: ProfileWorld;

    beforeAll(async () => {
      world = await ProfileWorld.open([HELIOS, MEDLINE], shape);
      await world.registerProduct({
        gtin: GTIN,
        name: 'Amoxicillin 500 mg capsules, 20 pack',
        industry: 'pharma',
        publicAttributes: { storage: 'Store at 2–8 °C' },
        ownerMsp: HELIOS.mspId,
      });
      // Helios commissions the packs (lot, expiry and storage range in ilmd), packs them into a case and ships it.
      await world.captureAnchored(HELIOS, [
        {
          type: 'ObjectEvent',
          ...at('2026-10-05T05:30:00.000Z'),
          epcList: [...PACKS, COOL_PACK],
          action: 'ADD',
          bizStep: 'commissioning',
          disposition: 'active',
          readPoint: sgln(HELIOS),
          bizLocation: sgln(HELIOS),
          ilmd: {
            'cbvmda:lotNumber': 'L2611A',
            'cbvmda:itemExpirationDate': '2028-09-30',
            'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 2, 'lotledger:maxCelsius': 8 },
          },
        },
        {
          type: 'AggregationEvent',
          ...at('2026-10-05T06:10:00.000Z'),
          parentID: CASE,
          childEPCs: PACKS,
          action: 'ADD',
          bizStep: 'packing',
          disposition: 'in_progress',
          readPoint: sgln(HELIOS),
          bizLocation: sgln(HELIOS),
        },
        {
          type: 'ObjectEvent',
          ...at('2026-10-06T04:00:00.000Z'),
          epcList: [CASE],
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          readPoint: sgln(HELIOS),
          sourceList: [{ type: 'owning_party', source: pgln(HELIOS) }],
          destinationList: [{ type: 'owning_party', destination: pgln(MEDLINE) }],
        },
      ]);
      // MedLine receives the case; its logger shows the case reached 11.5 °C on the way.
      await world.captureAnchored(MEDLINE, [
        {
          type: 'ObjectEvent',
          ...at('2026-10-07T12:20:00.000Z'),
          epcList: [CASE],
          action: 'OBSERVE',
          bizStep: 'receiving',
          disposition: 'in_progress',
          readPoint: sgln(MEDLINE, '00010'),
          bizLocation: sgln(MEDLINE, '00010'),
          sourceList: [{ type: 'owning_party', source: pgln(HELIOS) }],
          destinationList: [{ type: 'owning_party', destination: pgln(MEDLINE) }],
        },
        temperature(CASE, '2026-10-07T12:25:00.000Z', 3.9, 11.5),
      ]);
    }, 600_000);

    afterAll(async () => {
      await world.close();
    });

    it('shows the owner (Helios) the excursion of a pack in the case, against the lot storage range', async () => {
      const findings = findingsOf(await world.graphql(HELIOS, PROFILE_FINDINGS_QUERY, { id: PACKS[0] }));
      expect(findings).toEqual([
        expect.objectContaining({
          code: 'COLD_CHAIN_EXCURSION',
          field: 'temperature',
          observed: 11.5,
          limitMin: 2,
          limitMax: 8,
          unit: 'CEL',
        }),
      ]);
      expect(findings[0]?.eventHashId).toMatch(/^ni:\/\/\/sha-256;/);
    });

    it("puts the excursion in the owner's alerts inbox once, raised when the reading was anchored", async () => {
      const answer = await world.graphql(HELIOS, '{ alerts { nodes { code gtin field observed limitMax ownerMsp eventHashId } } }');
      expect(answer.data?.['alerts']).toEqual({
        nodes: [
          {
            code: 'COLD_CHAIN_EXCURSION',
            gtin: GTIN,
            field: 'temperature',
            observed: 11.5,
            limitMax: 8,
            ownerMsp: HELIOS.mspId,
            eventHashId: expect.stringMatching(/^ni:\/\/\/sha-256;/),
          },
        ],
      });
    });

    it('shows the regulator the same excursion', async () => {
      const answer = await world.graphql(REGULATOR, PROFILE_FINDINGS_QUERY, { id: PACK_ID });
      expect(findingsOf(answer).map((f) => [f.code, f.observed])).toEqual([['COLD_CHAIN_EXCURSION', 11.5]]);
    });

    it('refuses the findings to another organisation and to a consumer', async () => {
      const other = await world.graphql(MEDLINE, PROFILE_FINDINGS_QUERY, { id: PACK_ID });
      expect(other.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const consumer = await world.graphql('consumer', PROFILE_FINDINGS_QUERY, { id: PACK_ID });
      expect(consumer.data?.['profileFindings'] ?? null).toBeNull();
      expect(consumer.errors?.length ?? 0).toBeGreaterThan(0);
    });

    it('finds nothing for a pack of the same lot that never left the plant', async () => {
      expect(findingsOf(await world.graphql(HELIOS, PROFILE_FINDINGS_QUERY, { id: COOL_PACK }))).toEqual([]);
    });

    it("puts an excursion notice on the pack's consumer page", async () => {
      const page = await world.resolve(`/01/${GTIN}/21/CC1001`, 'html');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Temperature excursion');
      expect(page.body).toContain('kept at up to 11.5 °C, above the storage maximum of 8 °C');
    });
  },
);
