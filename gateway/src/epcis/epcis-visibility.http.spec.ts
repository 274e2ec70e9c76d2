import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '@lotledger/store';
import { publicEvent } from '../provenance/public-event.projection.js';
import { openAuthedGateway, type AuthedGateway } from '../testing/authed-gateway-harness.js';
import { COMMERCIAL_TEXT, MSP } from '../testing/provenance.fixtures.js';

// Who sees what on the EPCIS REST query (issue 6 §7), with the auth guard installed as `lotledger
// start` installs it, over the real PGlite read model and embedded ledger: event by event, the answer
// is either exactly the captured event or exactly the public projection, by the caller's role.

type Listed = Record<string, JsonValue>;
let h: AuthedGateway;
const tokens: Record<'regulator' | 'pharma' | 'distributor', string> = { regulator: '', pharma: '', distributor: '' };

beforeAll(async () => {
  h = await openAuthedGateway();
  tokens.regulator = await h.token('regulator', MSP.regulator);
  tokens.pharma = await h.token('supplier', MSP.pharma);
  tokens.distributor = await h.token('supplier', MSP.distributor);
}, 300_000);
afterAll(async () => {
  await h.close();
});

async function list(token: string | undefined, query = 'perPage=100'): Promise<Listed[]> {
  const res = await h.app.inject({
    method: 'GET',
    url: `/epcis/events?${query}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['vary']).toContain('Authorization');
  return res.json<{ epcisBody: { queryResults: { resultsBody: { eventList: Listed[] } } } }>().epcisBody.queryResults.resultsBody.eventList;
}

/** What each caller must get for each stored event: the whole event, or the public projection. */
async function expected(fullFor: (submitterMsp: string) => boolean): Promise<Map<string, Listed>> {
  const page = await h.store.queryEvents({}, { first: 100 });
  const places = new Map<string, string>();
  for (const l of await h.store.listLocations()) places.set(`https://id.gs1.org/414/${l.gln}`, l.name);
  const out = new Map<string, Listed>();
  for (const e of page.events) {
    const whole = e.event as Listed;
    const doc: Listed = fullFor(e.submitterMsp)
      ? { ...whole, eventID: typeof whole['eventID'] === 'string' ? whole['eventID'] : e.hashId }
      : publicEvent(e.event, e.hashId, places);
    out.set(e.hashId, doc);
  }
  return out;
}

function byEventId(events: readonly Listed[]): Map<string, Listed> {
  return new Map(events.map((e) => [typeof e['eventID'] === 'string' ? e['eventID'] : '', e]));
}

describe('GET /epcis/events by role', () => {
  it('gives a consumer (no token) the public fields of every event and no commercial value', async () => {
    const events = await list(undefined);
    expect(byEventId(events)).toEqual(await expected(() => false));
    const text = JSON.stringify(events);
    for (const commercial of COMMERCIAL_TEXT) expect(text).not.toContain(commercial);
    for (const e of events) {
      for (const field of ['bizTransactionList', 'readPoint', '@context']) expect(e[field], field).toBeUndefined();
    }
  });

  it("gives a supplier its own organisation's events whole and only the public fields of the others'", async () => {
    const events = byEventId(await list(tokens.pharma));
    expect(events).toEqual(await expected((msp) => msp === MSP.pharma));
    const shipping = [...events.values()].find((e) => e['bizStep'] === 'shipping' && Array.isArray(e['bizTransactionList']));
    expect(shipping?.['bizTransactionList']).toHaveLength(3);
    expect(shipping?.['readPoint']).toEqual({ id: 'urn:epc:id:sgln:9520123.00001.D2' });
    expect(JSON.stringify(shipping?.['sourceList'])).toContain('owning_party');
    // The steel mill's transformation: its production order and prices stay hidden from the pharma company.
    const rolling = [...events.values()].find((e) => e['type'] === 'TransformationEvent');
    expect(rolling?.['bizTransactionList']).toBeUndefined();
    expect(rolling?.['readPoint']).toBeUndefined();
    expect(JSON.stringify(rolling)).not.toContain('orderPricePerTonne');
    expect(JSON.stringify(rolling)).not.toContain('MO-26-5521');
  });

  it('gives another supplier the reverse: its own receiving event whole, the pharma shipping public', async () => {
    const events = byEventId(await list(tokens.distributor));
    expect(events).toEqual(await expected((msp) => msp === MSP.distributor));
    const receiving = [...events.values()].find((e) => e['bizStep'] === 'receiving');
    expect(receiving?.['readPoint']).toEqual({ id: 'urn:epc:id:sgln:4012345.00012.0' });
    const shipping = [...events.values()].find((e) => e['bizStep'] === 'shipping' && e['sourceList'] !== undefined);
    expect(JSON.stringify(shipping)).not.toContain('PO-2026-88213');
    expect(shipping?.['readPoint']).toBeUndefined();
  });

  it('gives a regulator every event whole', async () => {
    const events = byEventId(await list(tokens.regulator));
    expect(events).toEqual(await expected(() => true));
    const text = JSON.stringify([...events.values()]);
    for (const commercial of ['PO-2026-88213', 'MO-26-5521', 'orderPricePerTonne', 'TLOG-0042']) expect(text).toContain(commercial);
  });

  it('refuses a forged token instead of answering as a consumer', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/epcis/events', headers: { authorization: 'Bearer a.b.c' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /epcis/events/{eventID} by role', () => {
  it('shows one event whole to its submitter and a regulator, and public to another supplier and a consumer', async () => {
    const page = await h.store.queryEvents({ EQ_bizStep: ['shipping'] }, { first: 10 });
    const stored = page.events.find((e) => e.submitterMsp === MSP.pharma);
    expect(stored).toBeDefined();
    const url = `/epcis/events/${encodeURIComponent(stored?.hashId ?? '')}`;
    const one = async (token?: string): Promise<Listed> =>
      (await h.app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })).json<Listed>();
    for (const token of [tokens.pharma, tokens.regulator]) {
      const e = await one(token);
      expect(e['bizTransactionList']).toHaveLength(3);
      expect(e['readPoint']).toEqual({ id: 'urn:epc:id:sgln:9520123.00001.D2' });
      expect(e['destinationList']).toEqual(stored?.event && (stored.event as Listed)['destinationList']);
    }
    for (const token of [tokens.distributor, undefined]) {
      const e = await one(token);
      expect(e['bizTransactionList']).toBeUndefined();
      expect(e['readPoint']).toBeUndefined();
      expect(JSON.stringify(e['sourceList'])).not.toContain('owning_party');
      expect(e['bizStep']).toBe('shipping');
    }
  });
});
