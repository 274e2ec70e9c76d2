/**
 * A small deterministic load of valid, distinct EPCIS 2.0 documents for the fault checker: custody
 * chains of the demo organisations that `lotledger start` seeds (their company prefixes and sites
 * are registered on the ledger and in the registry). Each document is one organisation commissioning
 * fresh serialised items at its own site and then shipping them to its customer — so the chaincode's
 * custody rule (only the custodian ships) is exercised on every document, across kills and replays.
 *
 * Deterministic: document n of a run is always the same (serials carry the run id and n; event times
 * step forward from a fixed instant), so a failed run can be replayed exactly.
 */

export interface ChainOrg {
  readonly mspId: string;
  readonly prefix: string;
  /** The site registered for the organisation (demo-chains.ts DEMO_LOCATIONS). */
  readonly site: string;
  /** Item reference of the GTIN its items carry. */
  readonly itemRef: string;
}

const HELIOS: ChainOrg = { mspId: 'HeliosPharmaMSP', prefix: '9520123', site: '9520123.00001.0', itemRef: '045678' };
const MEDLINE: ChainOrg = { mspId: 'MedLineMSP', prefix: '9520456', site: '9520456.00010.0', itemRef: '000001' };
const NORDSTAHL: ChainOrg = { mspId: 'NordstahlMSP', prefix: '0614141', site: '0614141.00003.0', itemRef: '012345' };
const BREMSTECH: ChainOrg = { mspId: 'BremsTechMSP', prefix: '4098765', site: '4098765.00002.0', itemRef: '000002' };

/** Who ships to whom: the pharma chain and the steel chain of the demo. */
export const CHAINS: readonly (readonly [ChainOrg, ChainOrg])[] = [
  [HELIOS, MEDLINE],
  [NORDSTAHL, BREMSTECH],
];

export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'] as const;

export interface GeneratedDocument {
  readonly seq: number;
  readonly submitterMsp: string;
  readonly eventCount: number;
  readonly body: Record<string, unknown>;
}

/** Event times step 10 ms per event from here: in the past, distinct, and in the order of the stream. */
const BASE_TIME = Date.parse('2026-06-01T00:00:00.000Z');

export class FaultLoadGenerator {
  private seq = 0;

  /**
   * @param runId distinguishes the serials of one run from every other run on the same servers.
   * @param itemsPerDocument items commissioned (one event each) and then shipped (one event) per document.
   */
  constructor(
    private readonly runId: string,
    private readonly itemsPerDocument = 4,
  ) {
    if (!/^[A-Za-z0-9]{1,12}$/.test(runId)) throw new Error(`run id ${runId} must be 1–12 letters or digits (it goes into serials)`);
  }

  next(): GeneratedDocument {
    const seq = this.seq;
    this.seq += 1;
    const chain = CHAINS[seq % CHAINS.length] ?? CHAINS[0];
    if (chain === undefined) throw new Error('no chains');
    const [from, to] = chain;
    const epcs = Array.from(
      { length: this.itemsPerDocument },
      (_, i) => `urn:epc:id:sgtin:${from.prefix}.${from.itemRef}.F${this.runId}N${String(seq)}I${String(i)}`,
    );
    const t0 = BASE_TIME + seq * (this.itemsPerDocument + 1) * 10;
    const at = (k: number): string => new Date(t0 + k * 10).toISOString();
    const events: Record<string, unknown>[] = epcs.map((epc, i) => ({
      type: 'ObjectEvent',
      eventTime: at(i),
      eventTimeZoneOffset: '+00:00',
      epcList: [epc],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: `urn:epc:id:sgln:${from.site}` },
      bizLocation: { id: `urn:epc:id:sgln:${from.site}` },
    }));
    events.push({
      type: 'ObjectEvent',
      eventTime: at(this.itemsPerDocument),
      eventTimeZoneOffset: '+00:00',
      epcList: epcs,
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: { id: `urn:epc:id:sgln:${from.site}` },
      sourceList: [{ type: 'owning_party', source: `urn:epc:id:pgln:${from.prefix}.00000` }],
      destinationList: [{ type: 'owning_party', destination: `urn:epc:id:pgln:${to.prefix}.00000` }],
    });
    return {
      seq,
      submitterMsp: from.mspId,
      eventCount: events.length,
      body: {
        '@context': EPCIS_CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date(t0).toISOString(),
        epcisBody: { eventList: events },
      },
    };
  }
}

/** Every organisation that submits in the stream (tokens are issued for these). */
export const SUBMITTERS: readonly string[] = [...new Set(CHAINS.map(([from]) => from.mspId))];
