import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, MSP } from '../testing/provenance.fixtures.js';
import { anchorEvents } from '../testing/provenance-seed.js';
import { openGatewayHarness, type GatewayHarness } from '../testing/gateway-harness.js';

// The EPCIS REST query over the real PGlite read model and embedded ledger (Fastify inject, no socket).
let h: GatewayHarness;
const get = (url: string) => h.app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

interface ListedEvent {
  readonly eventID: string;
  readonly bizStep?: string;
  readonly type: string;
}

async function events(query: string): Promise<ListedEvent[]> {
  const res = await get(`/epcis/events?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ epcisBody: { queryResults: { resultsBody: { eventList: ListedEvent[] } } } }>().epcisBody.queryResults.resultsBody
    .eventList;
}

const steps = async (query: string): Promise<(string | undefined)[]> => (await events(query)).map((e) => e.bizStep);

beforeAll(async () => {
  h = await openGatewayHarness();
  // A repacked pack whose completeness was verified, the only event with a persistentDisposition.
  await anchorEvents(h.ledger, h.store, MSP.pharma, [
    {
      type: 'ObjectEvent',
      eventTime: '2026-03-04T09:00:00.000+01:00',
      eventTimeZoneOffset: '+01:00',
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: ['urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A'],
      persistentDisposition: { set: ['completeness_verified'], unset: ['needs_replacement'] },
    },
  ]);
}, 300_000);
afterAll(async () => {
  await h.close();
});

describe('EPCIS REST query parameters', () => {
  it('matches a one-GTIN urn:epc:idpat pattern against the Digital Links the store keeps', async () => {
    const byPattern = await steps('MATCH_epc=urn:epc:idpat:sgtin:9520123.045678.*');
    expect(byPattern).toEqual(await steps(`MATCH_epc=${encodeURIComponent(IDS.pack)}`));
    expect(byPattern).toEqual(expect.arrayContaining(['commissioning', 'inspecting']));
    expect(await steps('MATCH_epc=urn:epc:idpat:sgtin:9520123.045677.*')).toEqual([]);
  });

  it('refuses with 400 a pattern whose company prefix or item reference is a wildcard', async () => {
    const res = await get('/epcis/events?MATCH_anyEPC=urn:epc:idpat:sgtin:9520123.*.*');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { parameter: string; message: string }[] }>().errors[0]).toMatchObject({
      parameter: 'MATCH_anyEPC',
      message: expect.stringContaining('only a pattern of one whole key with a wildcard serial') as string,
    });
  });

  it('matches an LGTIN class by MATCH_epcClass in quantityList only, and by MATCH_anyEPCClass in any quantity list', async () => {
    const heat = encodeURIComponent('urn:epc:class:lgtin:0614141.077001.H26-40718');
    expect(await steps(`MATCH_epcClass=${heat}`)).toEqual(['commissioning']);
    expect((await events(`MATCH_anyEPCClass=${heat}`)).map((e) => e.type)).toEqual(['ObjectEvent', 'TransformationEvent']);
    expect((await events('MATCH_anyEPCClass=urn:epc:idpat:sgtin:0614141.077001.*')).length).toBe(2);
    expect(await steps(`MATCH_anyEPCClass=${encodeURIComponent(IDS.coil)}`)).toEqual([]);
  });

  it('filters by EQ_persistentDisposition_set in any CBV spelling', async () => {
    expect(await steps('EQ_persistentDisposition_set=completeness_verified')).toEqual(['inspecting']);
    expect(await steps('EQ_persistentDisposition_set=https://ref.gs1.org/cbv/Disp-completeness_verified|completeness_inferred')).toEqual([
      'inspecting',
    ]);
    expect(await steps('EQ_persistentDisposition_set=needs_replacement')).toEqual([]);
    expect((await get('/epcis/events?EQ_persistentDisposition_set=verified-ish')).statusCode).toBe(400);
  });

  it('finds an event captured without an eventID by the hash ID it is listed under', async () => {
    const [first] = await events('MATCH_epcClass=urn:epc:class:lgtin:0614141.077001.H26-40718');
    expect(first?.eventID).toMatch(/^ni:\/\/\/sha-256;/);
    const found = await events(`EQ_eventID=${encodeURIComponent(first?.eventID ?? 'missing')}`);
    expect(found.map((e) => e.eventID)).toEqual([first?.eventID]);
  });

  it('documents both new parameters in the OpenAPI description', async () => {
    const doc = (await get('/openapi.json')).json<{ paths: { '/epcis/events': { get: { parameters: { name: string }[] } } } }>();
    const names = doc.paths['/epcis/events'].get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['EQ_persistentDisposition_set', 'MATCH_anyEPCClass']));
  });
});
