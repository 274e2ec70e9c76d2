import { validateEpcis } from '@lotledger/domain';
import type { Product } from '@lotledger/store';
import { describe, expect, it } from 'vitest';
import { CaptureProblem } from './capture.problem.js';
import { checkProfiles } from './profile-checks.js';

const PACKS: Product = {
  gtin: '09520123000011',
  name: 'Amoxicillin 500 mg',
  industry: 'pharma',
  imageUrl: null,
  publicAttributes: {},
  ownerMsp: 'HeliosPharmaMSP',
};

function commissioning(serial: string, ilmd?: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-10-05T07:30:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    epcList: [`urn:epc:id:sgtin:9520123.000001.${serial}`],
    action: 'ADD',
    bizStep: 'commissioning',
    ...(ilmd === undefined ? {} : { ilmd }),
  };
}

function validated(events: readonly Record<string, unknown>[]): Parameters<typeof checkProfiles>[2] {
  const body = {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-10-05T08:00:00.000Z',
    epcisBody: { eventList: events },
  };
  const validation = validateEpcis(body, { now: new Date('2026-12-01T00:00:00Z') });
  expect(validation.ok).toBe(true);
  return { validation, setAside: [] };
}

const GOOD = { 'cbvmda:lotNumber': 'L1', 'cbvmda:itemExpirationDate': '2028-09-30' };
const store = { getProduct: (gtin: string) => Promise.resolve(gtin === PACKS.gtin ? PACKS : null) };

describe('industry-profile checks at capture', () => {
  it('refuses the whole capture in rollback mode when a pack lacks its expiry', async () => {
    const input = validated([commissioning('A1', GOOD), commissioning('A2', { 'cbvmda:lotNumber': 'L1' })]);
    const refused = await checkProfiles(store, 'rollback', input).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaptureProblem);
    expect((refused as CaptureProblem).issues).toEqual([
      expect.objectContaining({ pointer: '/epcisBody/eventList/1/ilmd/cbvmda:itemExpirationDate', code: 'PHARMA_EXPIRY_REQUIRED' }),
    ]);
  });

  it('sets the offending event aside in proceed mode and keeps the others', async () => {
    const input = validated([commissioning('A1', GOOD), commissioning('A2')]);
    const out = await checkProfiles(store, 'proceed', input);
    expect(out.validation.events.map((e) => e.pointer)).toEqual(['/epcisBody/eventList/0']);
    expect(out.setAside.map((i) => i.code)).toEqual(['PHARMA_LOT_REQUIRED', 'PHARMA_EXPIRY_REQUIRED']);
  });

  it('runs no profile for a GTIN without master data, nor for a store without products', async () => {
    const unknown = { getProduct: () => Promise.resolve(null) };
    const input = validated([commissioning('A2')]);
    expect(await checkProfiles(unknown, 'rollback', input)).toBe(input);
    expect(await checkProfiles({}, 'rollback', input)).toBe(input);
  });

  it('answers 503 when the master data cannot be read', async () => {
    const broken = { getProduct: () => Promise.reject(new Error('connection refused')) };
    const refused = await checkProfiles(broken, 'rollback', validated([commissioning('A2')])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaptureProblem);
    expect((refused as CaptureProblem).getStatus()).toBe(503);
  });
});
