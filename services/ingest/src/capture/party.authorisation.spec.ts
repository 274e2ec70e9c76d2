import { eventFacts, type EpcisEvent } from '@lotledger/domain';
import type { Organisation } from '@lotledger/store';
import { describe, expect, it } from 'vitest';
import { glnOf, PartyAuthorisation } from './party.authorisation.js';

function org(mspId: string): Organisation {
  return {
    mspId,
    name: mspId,
    role: 'manufacturer',
    companyPrefixes: [],
    glns: [],
    signingKeys: [],
    clientId: null,
    clientSecretHash: null,
  };
}

/** Registry stand-in: GLNs starting with the prefix belong to the organisation. */
const owners: [string, Organisation][] = [
  ['9520123', org('PharmaMSP')],
  ['4012345', org('AutoMSP')],
];
let lookups = 0;
const registry = {
  findOrganisationOwningGln: (gln: string): Promise<Organisation | null> => {
    lookups += 1;
    return Promise.resolve(owners.find(([prefix]) => gln.startsWith(prefix))?.[1] ?? null);
  },
};

function facts(event: Record<string, unknown>): ReturnType<typeof eventFacts> {
  return eventFacts({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    eventTime: '2026-03-02T08:00:00Z',
    eventTimeZoneOffset: '+00:00',
    epcList: [],
    ...event,
  } as unknown as EpcisEvent);
}

describe('party authorisation', () => {
  it('reads the GLN of SGLN and PGLN EPC URIs and of Digital Links', () => {
    expect(glnOf('urn:epc:id:sgln:9520123.00001.L3')).toBe('9520123000011');
    expect(glnOf('urn:epc:id:pgln:9520123.00000')).toBe('9520123000004');
    expect(glnOf('https://id.gs1.org/414/9520123000011/254/L3')).toBe('9520123000011');
    expect(glnOf('urn:epc:id:sgtin:9520123.045678.1')).toBeUndefined();
    expect(glnOf('urn:example:dock-3')).toBeUndefined();
  });

  it("accepts an event at the submitter's own sites, in either spelling", async () => {
    const check = new PartyAuthorisation(registry, 'PharmaMSP');
    const issues = await check.check(
      facts({
        readPoint: { id: 'https://id.gs1.org/414/9520123000011/254/L3' },
        bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:9520123.00000' }],
      }),
      '',
    );
    expect(issues).toEqual([]);
  });

  it('names every party that belongs to someone else, is unregistered or is not a GLN', async () => {
    const check = new PartyAuthorisation(registry, 'PharmaMSP');
    const issues = await check.check(
      facts({
        readPoint: { id: 'urn:epc:id:sgln:4012345.00012.0' },
        bizLocation: { id: 'urn:example:warehouse-7' },
        sourceList: [
          { type: 'possessing_party', source: 'urn:epc:id:pgln:4012345.00000' },
          { type: 'https://ref.gs1.org/cbv/SDT-owning_party', source: 'urn:epc:id:pgln:0614141.00000' },
        ],
      }),
      '/epcisBody/eventList/4',
    );
    expect(issues.map((i) => [i.pointer, i.code])).toEqual([
      ['/epcisBody/eventList/4/readPoint/id', 'PARTY_NOT_OWNED'],
      ['/epcisBody/eventList/4/bizLocation/id', 'PARTY_NOT_GLN'],
      ['/epcisBody/eventList/4/sourceList/0/source', 'PARTY_NOT_OWNED'],
      ['/epcisBody/eventList/4/sourceList/1/source', 'PARTY_NOT_OWNED'],
    ]);
    expect(issues[0]?.message).toMatch(/AutoMSP/);
    expect(issues[2]?.message).toMatch(/possessing-party source/);
    expect(issues[3]?.message).toMatch(/not registered/);
  });

  it('lets a receiver name the sender as source, and holds it to the destination party instead', async () => {
    const receiving = {
      bizStep: 'receiving',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00012.0' },
      sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:9520123.00000' }],
      destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:4012345.00000' }],
    };
    expect(await new PartyAuthorisation(registry, 'AutoMSP').check(facts(receiving), '')).toEqual([]);
    const wrongReceiver = await new PartyAuthorisation(registry, 'PharmaMSP').check(
      facts({ ...receiving, readPoint: { id: 'urn:epc:id:sgln:9520123.00001.0' } }),
      '',
    );
    expect(wrongReceiver.map((i) => [i.pointer, i.code])).toEqual([['/destinationList/0/destination', 'PARTY_NOT_OWNED']]);
  });

  it('looks each GLN up once per capture', async () => {
    const check = new PartyAuthorisation(registry, 'PharmaMSP');
    const before = lookups;
    for (let i = 0; i < 5; i += 1) await check.check(facts({ readPoint: { id: 'urn:epc:id:sgln:9520123.00001.L3' } }), '');
    expect(lookups - before).toBe(1);
  });
});
