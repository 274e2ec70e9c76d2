import { documentEventHashIds } from '@lotledger/domain';
import { captureDocument, generateSimulation, type Simulation, type SimulationSummary } from '@lotledger/cli/simulate';
import { READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SHAPE, realStackShape } from '../integration/pipeline/pipeline-shape.js';
import { scenarioWorld, type ScenarioWorld } from './cross-scenario.harness.js';

// A simulated pharma, steel and automotive chain (with coils stamped into car parts) captured through
// the REST path of the embedded app: the summary the simulator prints must be what the store holds,
// and exactly the deliberate custody violations are refused, each for its reason.
// On both shapes: embedded, and real Kafka + PostgreSQL (fails naming KAFKA_BROKERS / DATABASE_URL when missing).
describe.each([EMBEDDED_SHAPE, realStackShape(false)])(
  'a simulated cross-industry supply chain is captured, and only its custody violations are refused ($name)',
  (shape) => {
    let world: ScenarioWorld;
    let simulation: Simulation;
    let summary: SimulationSummary;

    beforeAll(async () => {
      world = await scenarioWorld(shape);
      simulation = generateSimulation({ industry: 'all', scale: 250, seed: 'cross-scenario', violationRate: 0.04 });
      summary = await world.capture(simulation);
    }, 300_000);

    afterAll(async () => {
      await (world as ScenarioWorld | undefined)?.close();
    });

    it('sends every event and accounts for each one as accepted or rejected', () => {
      expect(summary.eventsSent).toBe(simulation.events.length);
      expect(summary.accepted + summary.rejected).toBe(summary.eventsSent);
      expect(summary.expectedViolations).toBeGreaterThan(3);
    });

    it('rejects exactly the deliberate violations, each with the custody rule it breaks', () => {
      const expected: Record<string, number> = {};
      for (const e of simulation.events)
        if (e.expectedRejection !== undefined) expected[e.expectedRejection] = (expected[e.expectedRejection] ?? 0) + 1;
      expect(summary.rejectedByReason).toEqual(expected);
      expect(summary.violationsRejectedAsExpected).toBe(summary.expectedViolations);
    });

    it('reports the counts the read model holds', async () => {
      const store = world.app.get<ReadModelStore>(READ_MODEL);
      let anchored = 0;
      let rejected = 0;
      for (const capture of simulation.captures) {
        for (const hashId of documentEventHashIds(captureDocument(capture))) {
          const stored = await store.getEvent(hashId);
          if (stored?.status === 'anchored') anchored += 1;
          else if (stored?.status === 'rejected') rejected += 1;
        }
      }
      expect({ anchored, rejected }).toEqual({ anchored: summary.accepted, rejected: summary.rejected });
    });
  },
);
