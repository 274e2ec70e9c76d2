import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputWorld, type Reply } from '../bad-input/bad-input-world.js';
import { EPCIS_CONTEXT, freshSerial, GTIN, OTHER_ORG, OTHER_SITE, SITE, SUBMITTER } from '../bad-input/corpus/epcis-fixtures.js';

const EXAMPLE_NS = 'https://example.com/ns/';
const PARTY_A = `urn:epc:id:pgln:${SUBMITTER.prefix}.00000`;
const PARTY_B = `urn:epc:id:pgln:${OTHER_ORG.prefix}.00000`;

/**
 * Commercial data in supplier A's events, each with a value that appears nowhere else, so a leak is
 * found by looking for the value (whatever field or nesting it ends up in).
 */
const COMMERCIAL: readonly (readonly [field: string, marker: RegExp])[] = [
  ['bizTransactionList (purchase order)', /SECRET-PO-4711/],
  ['ilmd example:unitPrice', /SECRET-PRICE-99/],
  ['ilmd example:customerName', /SECRET-CUSTOMER-ACME/],
  ['sourceList owning_party (A)', new RegExp(`pgln:${SUBMITTER.prefix}|/417/${SUBMITTER.prefix}`)],
  ['destinationList owning_party (B)', new RegExp(`pgln:${OTHER_ORG.prefix}|/417/${OTHER_ORG.prefix}`)],
  ['submitterMsp', new RegExp(SUBMITTER.mspId)],
];

/**
 * Who sees what (issue 8 §3): supplier A cannot submit as B; B, and anonymous consumers, never see
 * A's commercial fields — on GraphQL, the EPCIS REST query, the Digital Link JSON and the consumer page.
 */
describe('identity and visibility between suppliers and consumers', () => {
  let world: BadInputWorld;
  let tokenA: string;
  let tokenB: string;
  const serial = freshSerial('VIS');
  const item = `https://id.gs1.org/01/${GTIN}/21/${serial}`;
  const dlPath = `/01/${GTIN}/21/${serial}`;
  let hashIds: readonly string[] = [];
  let captureId = '';

  beforeAll(async () => {
    world = await BadInputWorld.open();
    tokenA = await world.supplierToken(SUBMITTER.mspId);
    tokenB = await world.supplierToken(OTHER_ORG.mspId);
    const now = Date.now();
    const document = {
      '@context': [...EPCIS_CONTEXT, { example: EXAMPLE_NS }],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date(now).toISOString(),
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventTime: new Date(now - 7_200_000).toISOString(),
            eventTimeZoneOffset: '+00:00',
            epcList: [item],
            action: 'ADD',
            bizStep: 'commissioning',
            disposition: 'active',
            readPoint: { id: SITE },
            bizLocation: { id: SITE },
            ilmd: { 'example:unitPrice': 'SECRET-PRICE-99', 'example:customerName': 'SECRET-CUSTOMER-ACME', 'example:colour': 'blue' },
          },
          {
            type: 'ObjectEvent',
            eventTime: new Date(now - 3_600_000).toISOString(),
            eventTimeZoneOffset: '+00:00',
            epcList: [item],
            action: 'OBSERVE',
            bizStep: 'shipping',
            disposition: 'in_transit',
            readPoint: { id: SITE },
            bizTransactionList: [{ type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:${GTIN.slice(1)}:SECRET-PO-4711` }],
            sourceList: [{ type: 'owning_party', source: PARTY_A }],
            destinationList: [{ type: 'owning_party', destination: PARTY_B }],
          },
        ],
      },
    };
    const reply = await world.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify(document),
    });
    if (reply.statusCode !== 202) throw new Error(`capture refused: ${reply.body}`);
    ({ hashIds, captureID: captureId } = JSON.parse(reply.body) as { hashIds: string[]; captureID: string });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const stored = await Promise.all(hashIds.map((h) => world.store.getEvent(h)));
      if (stored.every((e) => e?.status === 'anchored')) break;
      if (Date.now() > deadline) throw new Error(`not anchored: ${JSON.stringify(stored.map((e) => e?.status))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 300_000);

  afterAll(async () => {
    await world.close();
  });

  const as = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` });

  function expectNoCommercialField(reply: Reply, surface: string): void {
    expect(reply.statusCode, `${surface}: ${reply.body.slice(0, 500)}`).toBe(200);
    for (const [field, marker] of COMMERCIAL) expect(reply.body, `${surface} leaks ${field}`).not.toMatch(marker);
    expect(reply.body, `${surface} leaks the capture id`).not.toContain(captureId);
  }

  describe('A cannot submit as B', () => {
    const foreign = (edit: Record<string, unknown>): Record<string, unknown> => ({
      '@context': EPCIS_CONTEXT,
      type: 'ObjectEvent',
      eventTime: new Date(Date.now() - 60_000).toISOString(),
      eventTimeZoneOffset: '+00:00',
      epcList: [`https://id.gs1.org/01/${GTIN}/21/${freshSerial('F')}`],
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: { id: SITE },
      ...edit,
    });
    it.each([
      ["a readPoint at B's site", { readPoint: { id: OTHER_SITE } }, '/readPoint/id'],
      ["a bizLocation at B's site", { bizLocation: { id: OTHER_SITE } }, '/bizLocation/id'],
      ['B as the owning source party', { sourceList: [{ type: 'owning_party', source: PARTY_B }] }, '/sourceList/0/source'],
    ])('refuses %s with 403 naming the pointer', async (_, edit, pointer) => {
      const before = await world.storedEventCount();
      const reply = await world.app.inject({
        method: 'POST',
        url: '/epcis/events',
        headers: { ...as(tokenA), 'content-type': 'application/ld+json' },
        payload: JSON.stringify(foreign(edit)),
      });
      expect(reply.statusCode, reply.body).toBe(403);
      const problem = JSON.parse(reply.body) as { code: string; errors?: { pointer: string }[] };
      expect(problem.code).toBe('FORBIDDEN_PARTY');
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
      expect(await world.storedEventCount()).toBe(before);
    });
  });

  const EVENTS_QUERY = `query Q($id: String!) { events(filter: { anyEPC: [$id] }, first: 10) { nodes {
    hashId visibility submitterMsp readPoint captureId bizLocation document
    bizTransactions { type bizTransaction } sources { type id } destinations { type id } } } }`;

  interface GqlEvent {
    readonly visibility: string;
    readonly submitterMsp: string | null;
    readonly readPoint: string | null;
    readonly captureId: string | null;
    readonly bizTransactions: unknown;
    readonly sources: unknown;
    readonly destinations: unknown;
    readonly document: Record<string, unknown>;
  }

  async function graphqlEvents(token: string | undefined): Promise<{ reply: Reply; nodes: GqlEvent[] }> {
    const reply = await world.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { ...as(token), 'content-type': 'application/json' },
      payload: JSON.stringify({ query: EVENTS_QUERY, variables: { id: item } }),
    });
    const body = JSON.parse(reply.body) as { data?: { events: { nodes: GqlEvent[] } }; errors?: unknown };
    expect(body.errors, reply.body).toBeUndefined();
    return { reply, nodes: body.data?.events.nodes ?? [] };
  }

  it.each([
    ['an anonymous consumer', undefined],
    ['supplier B', 'B'],
  ] as const)('shows %s only the public fields of A’s events on GraphQL, field by field', async (_, who) => {
    const { reply, nodes } = await graphqlEvents(who === 'B' ? tokenB : undefined);
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.visibility).toBe('PUBLIC');
      expect(node.submitterMsp).toBeNull();
      expect(node.readPoint).toBeNull();
      expect(node.captureId).toBeNull();
      expect(node.bizTransactions).toBeNull();
      expect(node.sources).toBeNull();
      expect(node.destinations).toBeNull();
      expect(node.document['bizTransactionList']).toBeUndefined();
      expect(node.document['sourceList'] ?? []).toEqual([]);
      expect(node.document['destinationList'] ?? []).toEqual([]);
      expect(node.document['readPoint']).toBeUndefined();
      const ilmd = node.document['ilmd'] as Record<string, unknown> | undefined;
      if (ilmd !== undefined) {
        expect(ilmd['example:unitPrice']).toBeUndefined();
        expect(ilmd['example:customerName']).toBeUndefined();
      }
    }
    expectNoCommercialField(reply, `GraphQL as ${who ?? 'consumer'}`);
  });

  it('shows A its own events whole on GraphQL (the data the others must not see is there)', async () => {
    const { reply, nodes } = await graphqlEvents(tokenA);
    expect(nodes.map((n) => n.visibility)).toEqual(['FULL', 'FULL']);
    for (const [, marker] of COMMERCIAL.slice(0, 3)) expect(reply.body).toMatch(marker);
    const shipping = nodes.find((n) => Array.isArray(n.bizTransactions) && n.bizTransactions.length > 0);
    expect(shipping?.sources).toEqual([{ type: 'owning_party', id: expect.stringMatching(/9520123/) as unknown }]);
  });

  it.each([
    ['an anonymous consumer', undefined],
    ['supplier B', 'B'],
  ] as const)('shows %s no commercial field on the EPCIS REST query', async (_, who) => {
    const token = who === 'B' ? tokenB : undefined;
    const list = await world.app.inject({
      method: 'GET',
      url: `/epcis/events?MATCH_anyEPC=${encodeURIComponent(item)}`,
      headers: as(token),
    });
    expectNoCommercialField(list, `GET /epcis/events as ${who ?? 'consumer'}`);
    const events = (JSON.parse(list.body) as { epcisBody: { queryResults: { resultsBody: { eventList: Record<string, unknown>[] } } } })
      .epcisBody.queryResults.resultsBody.eventList;
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e['bizTransactionList']).toBeUndefined();
      expect(e['readPoint']).toBeUndefined();
    }
    for (const hashId of hashIds) {
      const one = await world.app.inject({ method: 'GET', url: `/epcis/events/${encodeURIComponent(hashId)}`, headers: as(token) });
      expectNoCommercialField(one, `GET /epcis/events/{id} as ${who ?? 'consumer'}`);
    }
  });

  it('shows A its own events whole on the EPCIS REST query', async () => {
    const list = await world.app.inject({
      method: 'GET',
      url: `/epcis/events?MATCH_anyEPC=${encodeURIComponent(item)}`,
      headers: as(tokenA),
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/SECRET-PO-4711/);
  });

  it('shows a consumer no commercial field in the Digital Link JSON, the linkset or the consumer page', async () => {
    const json = await world.app.inject({ method: 'GET', url: dlPath, headers: { accept: 'application/json' } });
    expectNoCommercialField(json, 'Digital Link JSON');
    const linkset = await world.app.inject({
      method: 'GET',
      url: `${dlPath}?linkType=linkset`,
      headers: { accept: 'application/linkset+json' },
    });
    expectNoCommercialField(linkset, 'Digital Link linkset');
    const page = await world.app.inject({ method: 'GET', url: dlPath, headers: { accept: 'text/html' } });
    expectNoCommercialField(page, 'consumer page');
    // The page is about this item: the public colour is there, the prices are not.
    expect(page.body).toContain(serial);
  });
});
