import { randomBytes } from 'node:crypto';
import { gs1CheckDigit, merkleRootHex, sha256Hex } from '@lotledger/domain';
import type { AnchorBatchInput, AnchorResult, EventFacts, LedgerPort, OrganizationInput, TypedRef } from '@lotledger/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The MSP ids the suite submits as: a regulator, supplier A (manufacturer) and supplier B (distributor). */
export interface TraceParties {
  readonly regulator: string;
  readonly manufacturer: string;
  readonly distributor: string;
}

type Party = keyof TraceParties;
const PREFIXES: Readonly<Record<Party, string>> = { regulator: '4000001', manufacturer: '4012345', distributor: '4098765' };
const withCheckDigit = (digits: string): string => digits + String(gs1CheckDigit(digits));

/** Batch facts as the anchor builds them: GS1 ids in Digital Link form, one company prefix per party, ids unique per run. */
class PartyFacts {
  #counter = 0;
  constructor(
    readonly parties: TraceParties,
    readonly runId: string,
  ) {}
  organization(role: Party): OrganizationInput {
    return { mspId: this.parties[role], name: `${role} (${this.parties[role]})`, role, companyPrefixes: [PREFIXES[role]], glns: [] };
  }
  location(role: Party): string {
    return `https://id.gs1.org/414/${withCheckDigit(`${PREFIXES[role]}00001`)}`;
  }
  party(role: Party): string {
    return `https://id.gs1.org/417/${withCheckDigit(`${PREFIXES[role]}00000`)}`;
  }
  /** A serialised item of the party's own GTIN. */
  item(role: Party = 'manufacturer'): string {
    this.#counter += 1;
    return `https://id.gs1.org/01/${withCheckDigit(`0${PREFIXES[role]}00001`)}/21/${this.runId}-${String(this.#counter)}`;
  }
  event(facts: Partial<EventFacts> & Pick<EventFacts, 'type'>): EventFacts {
    this.#counter += 1;
    return {
      hashId: `ni:///sha-256;${sha256Hex(`${this.runId}#${String(this.#counter)}`)}?ver=CBV2.0`,
      eventTime: '2026-11-24T10:00:00.000Z',
      epcs: [],
      childEpcs: [],
      inputs: [],
      outputs: [],
      quantityClasses: [],
      sources: [],
      destinations: [],
      bizTransactions: [],
      ...facts,
    };
  }
  commission(role: Party, ids: readonly string[]): EventFacts {
    const at = this.location(role);
    return this.event({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at,
      bizLocation: at,
      epcs: [...ids],
    });
  }
  ship(from: Party, ids: readonly string[], to: Party, extra: Partial<EventFacts> = {}): EventFacts {
    const destinations: TypedRef[] = [{ type: 'owning_party', id: this.party(to) }];
    return this.event({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: this.location(from),
      epcs: [...ids],
      sources: [{ type: 'owning_party', id: this.party(from) }],
      destinations,
      ...extra,
    });
  }
  batch(events: readonly EventFacts[]): AnchorBatchInput {
    return { merkleRoot: merkleRootHex(events.map((e) => e.hashId)), events };
  }
}

export interface ChaincodePartyRulesOptions {
  /** Opens the ledger with the identities of every party (A = manufacturer, B = distributor). */
  readonly open: () => Promise<LedgerPort>;
  readonly parties: TraceParties;
}

const codeOf = (result: AnchorResult, event: EventFacts): string | undefined =>
  result.accepted.includes(event.hashId) ? 'ACCEPTED' : result.rejected.find((r) => r.hashId === event.hashId)?.code;

/**
 * The API bypassed: supplier A talks to the ledger port directly with its own identity (its MSP signs
 * the transaction) and claims B's locations and parties. The chaincode — the same contract on the
 * embedded ledger and on Fabric — refuses each such event, whatever the gateway or ingest would have said.
 */
export function describeChaincodePartyRules(name: string, options: ChaincodePartyRulesOptions): void {
  describe(`the chaincode refuses A speaking for B when the API is bypassed (${name})`, () => {
    let ledger: LedgerPort;
    const f = new PartyFacts(options.parties, randomBytes(6).toString('hex'));
    const { regulator: R, manufacturer: A, distributor: B } = options.parties;

    beforeAll(async () => {
      ledger = await options.open();
      if ((await ledger.getOrganization(R)) === undefined) await ledger.registerOrganization(R, f.organization('regulator'));
      for (const role of ['manufacturer', 'distributor'] as const)
        if ((await ledger.getOrganization(options.parties[role])) === undefined) await ledger.registerOrganization(R, f.organization(role));
    });

    afterAll(async () => {
      await ledger.close();
    });

    it("refuses A's commissioning at B's site (readPoint and bizLocation)", async () => {
      const item = f.item();
      const atB = { ...f.commission('manufacturer', [item]), readPoint: f.location('distributor'), bizLocation: f.location('distributor') };
      const result = await ledger.anchorBatch(A, f.batch([atB]));
      expect(codeOf(result, atB)).toBe('NOT_OWNER_OF_LOCATION');
      expect(result.accepted).toEqual([]);
      expect(await ledger.getObject(item)).toBeUndefined();
    });

    it('refuses a shipment in which A names B as the owning source party', async () => {
      const item = f.item();
      const commissioned = await ledger.anchorBatch(A, f.batch([f.commission('manufacturer', [item])]));
      expect(commissioned.rejected).toEqual([]);
      const asB = f.ship('manufacturer', [item], 'manufacturer', { sources: [{ type: 'owning_party', id: f.party('distributor') }] });
      const result = await ledger.anchorBatch(A, f.batch([asB]));
      expect(codeOf(result, asB)).toBe('NOT_OWNER_OF_SOURCE');
      expect(await ledger.getObject(item)).toMatchObject({ custodian: A, status: 'active' });
    });

    it("refuses A shipping B's goods (A is not their custodian)", async () => {
      const item = f.item('distributor');
      expect((await ledger.anchorBatch(B, f.batch([f.commission('distributor', [item])]))).rejected).toEqual([]);
      const theft = f.ship('manufacturer', [item], 'manufacturer');
      const result = await ledger.anchorBatch(A, f.batch([theft]));
      expect(codeOf(result, theft)).toBe('NOT_CUSTODIAN');
      expect(await ledger.getObject(item)).toMatchObject({ custodian: B });
    });

    it('keeps the events of the batch that are A’s own, and refuses only the foreign ones', async () => {
      const own = f.commission('manufacturer', [f.item()]);
      const foreign = { ...f.commission('manufacturer', [f.item()]), readPoint: f.location('distributor') };
      const result = await ledger.anchorBatch(A, f.batch([own, foreign]));
      expect([codeOf(result, own), codeOf(result, foreign)]).toEqual(['ACCEPTED', 'NOT_OWNER_OF_LOCATION']);
    });
  });
}
