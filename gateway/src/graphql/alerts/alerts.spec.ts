import { fixtureAlert, fixtureBatch, fixtureEvent, hashIdOf } from '@lotledger/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthedGateway, type AuthedGateway } from '../../testing/authed-gateway-harness.js';
import { IDS, MSP } from '../../testing/provenance.fixtures.js';

// The alerts inbox through the real gateway (auth guard as `lotledger start` installs it) over PGlite.
// Alerts are stored as the anchor's projection stores them: with an anchored batch.
let h: AuthedGateway;

interface Answer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[];
}

interface AlertNode {
  readonly id: string;
  readonly eventHashId: string;
  readonly code: string;
  readonly ownerMsp: string | null;
  readonly objectId: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

async function graphql(query: string, variables: Record<string, unknown>, token?: string): Promise<Answer> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    payload: JSON.stringify({ query, variables }),
  });
  return res.json<Answer>();
}

const ALERTS = `query ($first: Int, $after: String, $industry: String, $code: String, $acknowledged: Boolean) {
  alerts(first: $first, after: $after, industry: $industry, code: $code, acknowledged: $acknowledged) {
    nodes { id eventHashId code industry objectId ownerMsp observed limitMin limitMax unit raisedAt acknowledgedAt acknowledgedBy }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ACKNOWLEDGE = `mutation ($id: String!) { acknowledgeAlert(id: $id) { id acknowledgedAt acknowledgedBy } }`;

function nodes(answer: Answer): AlertNode[] {
  const connection = answer.data?.['alerts'] as { nodes: AlertNode[] } | null | undefined;
  if (connection === null || connection === undefined) throw new Error(`no alerts in ${JSON.stringify(answer)}`);
  return connection.nodes;
}

beforeAll(async () => {
  h = await openAuthedGateway();
  const excursion = fixtureEvent({ label: 'alerts-gw-cold', bizStep: 'sensor_reporting' });
  const certificate = fixtureEvent({ label: 'alerts-gw-steel', bizStep: 'commissioning' });
  const batch = fixtureBatch('alerts-gw', [excursion, certificate]);
  await h.store.applyAnchoredBatch({
    ...batch,
    alerts: [
      fixtureAlert('alerts-gw-cold', { objectId: IDS.pack, ownerMsp: MSP.pharma }),
      fixtureAlert('alerts-gw-steel', {
        objectId: IDS.coil,
        ownerMsp: MSP.steel,
        industry: 'steel',
        code: 'CERTIFICATE_OUT_OF_SPEC',
        field: 'steel:yieldStrengthMPa',
        message: "Yield strength 330 MPa is outside S355J2's at least 355 MPa",
        observed: 330,
        limitMin: 355,
        limitMax: null,
        unit: 'MPa',
        source: 'EN 10025-2:2019',
      }),
    ],
  });
}, 300_000);

afterAll(async () => {
  await h.close();
});

describe('the alerts inbox over GraphQL', () => {
  it("shows a supplier its own organisation's alerts and not another's", async () => {
    const pharma = nodes(await graphql(ALERTS, {}, await h.token('supplier', MSP.pharma)));
    expect(pharma.map((a) => [a.eventHashId, a.code, a.ownerMsp, a.objectId])).toEqual([
      [hashIdOf('alerts-gw-cold'), 'COLD_CHAIN_EXCURSION', MSP.pharma, IDS.pack],
    ]);
    const distributor = nodes(await graphql(ALERTS, {}, await h.token('supplier', MSP.distributor)));
    expect(distributor).toEqual([]);
  });

  it("shows a regulator every organisation's alerts, filtered by industry and code, a page at a time", async () => {
    const regulator = await h.token('regulator', MSP.regulator);
    expect(
      nodes(await graphql(ALERTS, {}, regulator))
        .map((a) => a.ownerMsp)
        .sort(),
    ).toEqual([MSP.pharma, MSP.steel].sort());
    expect(nodes(await graphql(ALERTS, { industry: 'steel' }, regulator)).map((a) => a.code)).toEqual(['CERTIFICATE_OUT_OF_SPEC']);
    expect(nodes(await graphql(ALERTS, { code: 'COLD_CHAIN_EXCURSION' }, regulator)).map((a) => a.ownerMsp)).toEqual([MSP.pharma]);
    const first = await graphql(ALERTS, { first: 1 }, regulator);
    const info = (first.data?.['alerts'] as { pageInfo: { hasNextPage: boolean; endCursor: string } }).pageInfo;
    expect(info.hasNextPage).toBe(true);
    const second = nodes(await graphql(ALERTS, { first: 1, after: info.endCursor }, regulator));
    expect([...nodes(first), ...second].map((a) => a.ownerMsp).sort()).toEqual([MSP.pharma, MSP.steel].sort());
    const bad = await graphql(ALERTS, { after: 'not-a-cursor' }, regulator);
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('refuses a consumer (no token) and shows it nothing', async () => {
    const answer = await graphql(ALERTS, {});
    expect(answer.data?.['alerts'] ?? null).toBeNull();
    expect(answer.errors?.length ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(answer)).not.toContain(IDS.pack);
  });

  it('lets the owner acknowledge its alert, recording who and when, and refuses another organisation', async () => {
    const regulator = await h.token('regulator', MSP.regulator);
    const [cold] = nodes(await graphql(ALERTS, { code: 'COLD_CHAIN_EXCURSION' }, regulator));
    const id = cold?.id ?? '';
    const other = await graphql(ACKNOWLEDGE, { id }, await h.token('supplier', MSP.steel));
    expect(other.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(nodes(await graphql(ALERTS, { acknowledged: false }, regulator)).map((a) => a.id)).toContain(id);

    const acked = await graphql(ACKNOWLEDGE, { id }, await h.token('supplier', MSP.pharma));
    expect(acked.errors).toBeUndefined();
    const done = acked.data?.['acknowledgeAlert'] as AlertNode;
    expect(done.acknowledgedBy).toBe(`supplier-${MSP.pharma} (${MSP.pharma})`);
    expect(Date.parse(done.acknowledgedAt ?? '')).not.toBeNaN();
    expect(nodes(await graphql(ALERTS, { acknowledged: false }, regulator)).map((a) => a.id)).not.toContain(id);
    expect(nodes(await graphql(ALERTS, { acknowledged: true }, regulator)).map((a) => a.id)).toEqual([id]);
  });

  it("lets a regulator acknowledge any organisation's alert, and refuses a consumer", async () => {
    const regulator = await h.token('regulator', MSP.regulator);
    const [steel] = nodes(await graphql(ALERTS, { industry: 'steel' }, regulator));
    const id = steel?.id ?? '';
    const consumer = await graphql(ACKNOWLEDGE, { id });
    expect(consumer.data?.['acknowledgeAlert'] ?? null).toBeNull();
    expect(consumer.errors?.length ?? 0).toBeGreaterThan(0);
    const acked = await graphql(ACKNOWLEDGE, { id }, regulator);
    expect((acked.data?.['acknowledgeAlert'] as AlertNode).acknowledgedBy).toBe(`regulator-${MSP.regulator} (${MSP.regulator})`);
  });
});
