import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import { REGULATOR, type PipelineOrg } from '../integration/pipeline/pipeline-world.js';
import { findingsOf, PROFILE_FINDINGS_QUERY, ProfileWorld, sgln } from './pharma-steel-auto-profile.world.js';

// Embedded shape: the whole app as `lotledger start` composes it.
const MILL: PipelineOrg = { mspId: 'NordstahlMSP', name: 'Nordstahl Steelworks', role: 'manufacturer', prefix: '0614141' };
const STAMPER: PipelineOrg = { mspId: 'BremsTechMSP', name: 'BremsTech Components', role: 'manufacturer', prefix: '4098765' };
const HEAT = 'urn:epc:class:lgtin:0614141.000010.H26-301';
const COILS = ['urn:epc:id:sgtin:0614141.000020.C301-01', 'urn:epc:id:sgtin:0614141.000020.C301-02'];
const COIL_PATH = '/01/00614141000203/21/C301-01';

function certificate(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    'steel:type': 'EN 10204 3.1',
    'steel:number': '31-H26-301',
    'steel:chemicalCompositionPercent': {
      'steel:C': 0.17,
      'steel:Mn': 1.38,
      'steel:Si': 0.22,
      'steel:P': 0.012,
      'steel:S': 0.006,
      'steel:CEV': 0.41,
    },
    'steel:yieldStrengthMPa': 338,
    'steel:tensileStrengthMPa': 512,
    'steel:elongationPercent': 25,
    'steel:impactEnergyJ': 58,
    ...overrides,
  };
}

function rolling(outputs: readonly string[], doc: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'TransformationEvent',
    eventTime: '2026-09-29T09:40:00.000Z',
    eventTimeZoneOffset: '+00:00',
    inputQuantityList: [{ epcClass: HEAT, quantity: 48.6, uom: 'TNE' }],
    outputEPCList: outputs,
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: sgln(MILL, '00003', 'HSM1'),
    bizLocation: sgln(MILL, '00003'),
    certificationInfo: 'https://certificates.nordstahl.example/en10204/3.1/H26-301',
    ilmd: { 'cbvmda:lotNumber': 'H26-301', 'steel:grade': 'S355J2', 'steel:inspectionDocument': doc },
  };
}

// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  "a coil whose certificate shows a yield strength under its grade's minimum is flagged to the mill, the regulator and on its page ($name)",
  (shape) => {
    let world: ProfileWorld;

    beforeAll(async () => {
      world = await ProfileWorld.open([MILL, STAMPER], shape);
      await world.registerProduct({
        gtin: '00614141000104',
        name: 'S355J2 hot-rolled steel (heat)',
        industry: 'steel',
        publicAttributes: { grade: 'S355J2', standard: 'EN 10025-2' },
        ownerMsp: MILL.mspId,
      });
      await world.registerProduct({
        gtin: '00614141000203',
        name: 'S355J2 hot-rolled coil, 8 mm',
        industry: 'steel',
        publicAttributes: { grade: 'S355J2', thickness: '8 mm' },
        ownerMsp: MILL.mspId,
      });
      await world.captureAnchored(MILL, [
        {
          type: 'ObjectEvent',
          eventTime: '2026-09-28T01:15:00.000Z',
          eventTimeZoneOffset: '+00:00',
          epcList: [],
          quantityList: [{ epcClass: HEAT, quantity: 182.4, uom: 'TNE' }],
          action: 'ADD',
          bizStep: 'commissioning',
          disposition: 'active',
          readPoint: sgln(MILL, '00003', 'BOF2'),
          bizLocation: sgln(MILL, '00003'),
          ilmd: { 'cbvmda:lotNumber': 'H26-301' },
        },
        // Out of spec is a fact the certificate states: the coils are accepted, and flagged.
        rolling(COILS, certificate({})),
      ]);
    }, 600_000);

    afterAll(async () => {
      await world.close();
    });

    it("shows the mill the yield strength under S355J2's 355 MPa (EN 10025-2), and nothing else", async () => {
      const findings = findingsOf(await world.graphql(MILL, PROFILE_FINDINGS_QUERY, { id: COILS[0] }));
      expect(findings).toEqual([
        expect.objectContaining({
          code: 'CERTIFICATE_OUT_OF_SPEC',
          field: 'steel:yieldStrengthMPa',
          observed: 338,
          limitMin: 355,
          limitMax: null,
          unit: 'MPa',
          source: 'EN 10025-2:2019',
        }),
      ]);
    });

    it('shows the regulator the same finding on the heat the coils were rolled from', async () => {
      const findings = findingsOf(await world.graphql(REGULATOR, PROFILE_FINDINGS_QUERY, { id: HEAT }));
      expect(findings.map((f) => [f.field, f.observed])).toEqual([['steel:yieldStrengthMPa', 338]]);
    });

    it('does not show the finding to the customer who did not make the coil', async () => {
      const answer = await world.graphql(STAMPER, PROFILE_FINDINGS_QUERY, { id: COILS[0] });
      expect(answer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    });

    it("shows the certificate values on the coil's page with the out-of-spec flag and the limit", async () => {
      const page = await world.resolve(COIL_PATH, 'html');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Values checked against S355J2 (EN 10025-2:2019)');
      expect(page.body).toMatch(/338 <span class="spec spec-bad">out of spec \(limit ≥ 355\)<\/span>/);
      expect(page.body).toMatch(/512 <span class="spec spec-ok">within spec \(limit 470–630\)<\/span>/);
    });

    it('refuses a certificate that lacks its tensile strength, pointing inside the certificate', async () => {
      const reply = await world.capture(MILL, [
        rolling(['urn:epc:id:sgtin:0614141.000020.C301-09'], certificate({ 'steel:tensileStrengthMPa': null })),
      ]);
      expect(reply.statusCode).toBe(400);
      expect(reply.body['errors']).toEqual([
        expect.objectContaining({
          pointer: '/epcisBody/eventList/0/ilmd/steel:inspectionDocument/steel:tensileStrengthMPa',
          code: 'STEEL_CERTIFICATE_FIELD',
        }),
      ]);
    });
  },
);
