import { canonicalObjectId } from '@lotledger/domain';
import { generateSimulation, type SimEvent, type Simulation } from '@lotledger/cli/simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import { scenarioWorld, type ScenarioWorld } from './cross-scenario.harness.js';

const list = (e: SimEvent, field: string): string[] => (e.event[field] as string[] | undefined) ?? [];

interface Lot {
  readonly pattern: string;
  readonly lotNumber: string;
  /** Each pack of the lot: the pharmacy it reached and whether it was dispensed there. */
  readonly packs: Map<string, { readonly pharmacy: string; readonly dispensed: boolean }>;
}

/** From the simulated world (not from lotledger): the packs of the first lot and where each ended. */
function firstLot(simulation: Simulation): Lot {
  const made = simulation.events.find((e) => e.chain === 'pharma' && e.event['bizStep'] === 'commissioning');
  if (made === undefined) throw new Error('no pharma lot was made');
  const ilmd = made.event['ilmd'] as Record<string, unknown>;
  const first = list(made, 'epcList')[0] ?? '';
  const packs = new Map<string, { pharmacy: string; dispensed: boolean }>();
  const lawful = simulation.events.filter((e) => e.expectedRejection === undefined);
  for (const pack of list(made, 'epcList')) {
    const caseOf = lawful.find(
      (e) => e.event['type'] === 'AggregationEvent' && e.event['action'] === 'ADD' && list(e, 'childEPCs').includes(pack),
    );
    const received = lawful.filter(
      (e) => e.event['bizStep'] === 'receiving' && list(e, 'epcList').includes(String(caseOf?.event['parentID'])),
    );
    const dispensed = lawful.some((e) => e.event['bizStep'] === 'dispensing' && list(e, 'epcList').includes(pack));
    packs.set(pack, { pharmacy: received[received.length - 1]?.submitterMsp ?? '', dispensed });
  }
  return {
    pattern: first.replace(/\.[^.]+$/, '.*').replace(':id:sgtin:', ':idpat:sgtin:'),
    lotNumber: String(ilmd['cbvmda:lotNumber']),
    packs,
  };
}

// Business case (pharma): a marketing-authorisation holder recalls a lot. The regulator finds the
// lot's packs from their commissioning (lot in ilmd), sees which pharmacies hold them and which were
// already dispensed, recalls the packs still in stock — and a pharmacy can then no longer dispense one.
// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  'a recalled pharma lot reaches the pharmacies that hold its packs ($name)',
  (shape) => {
    let world: ScenarioWorld;
    let lot: Lot;
    let simulation: Simulation;
    let found: Map<string, { status: string | null; custodianMsp: string | null }>;

    beforeAll(async () => {
      world = await scenarioWorld(shape);
      simulation = generateSimulation({ industry: 'pharma', scale: 60, seed: 'recalled-lot', violationRate: 0 });
      lot = firstLot(simulation);
      const summary = await world.capture(simulation);
      expect(summary.rejected).toBe(0);

      const query = await world.get<{ epcisBody: { queryResults: { resultsBody: { eventList: Record<string, unknown>[] } } } }>(
        `/epcis/events?EQ_bizStep=commissioning&MATCH_epc=${encodeURIComponent(lot.pattern)}&perPage=1000`,
      );
      const ofLot = query.epcisBody.queryResults.resultsBody.eventList.filter(
        (e) => (e['ilmd'] as Record<string, unknown> | undefined)?.['cbvmda:lotNumber'] === lot.lotNumber,
      );
      found = new Map();
      for (const id of ofLot.flatMap((e) => (e['epcList'] as string[] | undefined) ?? [])) {
        const { item } = await world.graphql<{ item: { status: string | null; custodianMsp: string | null } | null }>(
          `query ($id: String!) { item(id: $id) { status custodianMsp } }`,
          { id },
        );
        found.set(canonicalObjectId(id), { status: item?.status ?? null, custodianMsp: item?.custodianMsp ?? null });
      }
    }, 300_000);

    afterAll(async () => {
      await (world as ScenarioWorld | undefined)?.close();
    });

    it('finds every pack of the lot at the pharmacy it reached, dispensed or still in stock', () => {
      expect(found.size).toBe(lot.packs.size);
      for (const [pack, where] of lot.packs) {
        expect(found.get(canonicalObjectId(pack)), pack).toEqual({
          custodianMsp: where.pharmacy,
          status: where.dispensed ? 'dispensed' : 'active',
        });
      }
    });

    it('stops a pharmacy from dispensing a pack of the recalled lot', async () => {
      const inStock = [...lot.packs].find(([, where]) => !where.dispensed);
      expect(inStock).toBeDefined();
      const [pack, { pharmacy }] = inStock ?? ['', { pharmacy: '' }];
      await world.graphql(`mutation ($id: String!) { recall(id: $id, reason: "lot ${lot.lotNumber} recalled: sterility") { id } }`, {
        id: pack,
      });
      const site = simulation.locations.find((l) => l.ownerMsp === pharmacy)?.sgln;
      const outcome = await world.captureAs(pharmacy, [
        {
          type: 'ObjectEvent',
          eventTime: '2026-11-30T10:00:00.000+01:00',
          eventTimeZoneOffset: '+01:00',
          epcList: [pack],
          action: 'OBSERVE',
          bizStep: 'dispensing',
          disposition: 'dispensed',
          readPoint: { id: site },
          bizLocation: { id: site },
        },
      ]);
      expect(outcome).toEqual([{ status: 'rejected', code: 'OBJECT_ON_HOLD' }]);
    });
  },
);
