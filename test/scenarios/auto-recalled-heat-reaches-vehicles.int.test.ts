import { canonicalObjectId } from '@lotledger/domain';
import { generateSimulation, type SimEvent, type Simulation } from '@lotledger/cli/simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import { scenarioWorld, type ScenarioWorld } from './cross-scenario.harness.js';

const list = (e: SimEvent, field: string): string[] => (e.event[field] as string[] | undefined) ?? [];

/**
 * From the simulated world (not from lotledger): which vehicles were built from a heat's coils and
 * which dealer holds each. A heat becomes slabs, a slab a coil, a coil stamped backing plates; two
 * plates go into a brake module, a module into a vehicle whose serial is its VIN.
 */
function vehiclesOfHeat(simulation: Simulation): { heat: string; vehicles: Map<string, string> } {
  const events = simulation.events.filter((e) => e.expectedRejection === undefined);
  const stamping = events.find(
    (e) => e.chain === 'auto' && e.event['type'] === 'TransformationEvent' && list(e, 'inputEPCList').length > 0,
  );
  if (stamping === undefined) throw new Error('the simulation stamped no coil');
  const coil = list(stamping, 'inputEPCList')[0] ?? '';
  const rolled = events.find((e) => e.event['type'] === 'TransformationEvent' && list(e, 'outputEPCList').includes(coil));
  const slab = rolled === undefined ? '' : (list(rolled, 'inputEPCList')[0] ?? '');
  const cast = events.find((e) => e.event['type'] === 'TransformationEvent' && list(e, 'outputEPCList').includes(slab));
  const heat = (cast?.event['inputQuantityList'] as { epcClass: string }[] | undefined)?.[0]?.epcClass ?? '';
  const plates = new Set(list(stamping, 'outputEPCList'));
  const assembled = (children: Set<string>): Set<string> =>
    new Set(
      events
        .filter((e) => e.event['type'] === 'AssociationEvent' && list(e, 'childEPCs').some((c) => children.has(c)))
        .map((e) => String(e.event['parentID'])),
    );
  const vehicles = new Map<string, string>();
  for (const v of assembled(assembled(plates))) {
    const receipts = events.filter((e) => e.event['bizStep'] === 'receiving' && list(e, 'epcList').includes(v));
    vehicles.set(v, receipts[receipts.length - 1]?.submitterMsp ?? '');
  }
  return { heat, vehicles };
}

// Business case (automotive × steel): a steelworks' heat is found out of spec after its coils were
// stamped into brake parts; the regulator recalls the heat and asks which vehicles it reached.
// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])('a recalled heat reaches the vehicles built from its coils ($name)', (shape) => {
  let world: ScenarioWorld;
  let expected: { heat: string; vehicles: Map<string, string> };

  beforeAll(async () => {
    world = await scenarioWorld(shape);
    const simulation = generateSimulation({ industry: 'all', scale: 120, seed: 'recalled-heat', violationRate: 0 });
    expected = vehiclesOfHeat(simulation);
    const summary = await world.capture(simulation);
    expect(summary.rejected).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await (world as ScenarioWorld | undefined)?.close();
  });

  it('lists every vehicle built from the heat, by VIN, with the dealer that holds it', async () => {
    expect(expected.vehicles.size).toBeGreaterThan(0);
    await world.graphql(`mutation ($id: String!) { recall(id: $id, reason: "yield strength below S355J2") { id } }`, { id: expected.heat });
    const { recallImpact } = await world.graphql<{
      recallImpact: { affected: { id: string; kind: string | null; custodianMsp: string | null }[]; truncated: boolean };
    }>(`query ($id: String!) { recallImpact(id: $id) { affected { id kind custodianMsp } truncated } }`, { id: expected.heat });
    expect(recallImpact.truncated).toBe(false);
    const reached = new Map(recallImpact.affected.map((a) => [a.id, a.custodianMsp]));
    const vins = [...expected.vehicles.keys()].map((v) => v.slice(-17));
    for (const [vehicle, dealer] of expected.vehicles) {
      const id = canonicalObjectId(vehicle);
      expect(id).toMatch(/\/21\/[A-HJ-NPR-Z0-9]{17}$/);
      expect(reached.get(id), `${vehicle} (VIN ${vehicle.slice(-17)})`).toBe(dealer);
    }
    expect(recallImpact.affected.filter((a) => vins.some((vin) => a.id.endsWith(`/21/${vin}`))).length).toBe(vins.length);
  });

  it('holds the recall on the heat itself, on the ledger', async () => {
    const { item } = await world.graphql<{ item: { holds: { kind: string }[] | null } | null }>(
      `query ($id: String!) { item(id: $id) { holds } }`,
      { id: expected.heat },
    );
    expect(item?.holds?.map((h) => h.kind)).toContain('recall');
  });
});
