import { access, writeFile } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { canonicalObjectId } from '@lotledger/domain';
import { embeddedTarget } from '../simulate/embedded-target.js';
import { registerSimulation, type TokenSource } from '../simulate/simulation-registrar.js';
import { SimulationSender, type SimulationSummary } from '../simulate/simulation-sender.js';
import type { Simulation } from '../simulate/simulation.model.js';
import { generateSimulation } from '../simulate/supply-chain.generator.js';
import { DEMO_CONTEXT, DEMO_HIGHLIGHTS, DEMO_ORGANISATIONS, DEMO_STEPS, type DemoStep } from './demo-chains.js';

/** The generated chains around the story: small, and the same on every first start. */
export const DEMO_SIMULATION = { industry: 'all', scale: 120, seed: 'demo' } as const;

export interface DemoStepResult {
  readonly title: string;
  readonly captureId: string;
  readonly status: string;
  readonly anchored: number;
  readonly rejected: readonly { readonly hashId: string; readonly code: string | null; readonly reason: string | null }[];
}

export interface DemoOutcome {
  readonly seeded: boolean;
  readonly steps: readonly DemoStepResult[];
  /** The simulated chains seeded around the story (absent when nothing was seeded). */
  readonly simulation?: SimulationSummary;
  /** Canonical Digital Links of the objects worth opening. */
  readonly highlights: Readonly<Record<keyof typeof DEMO_HIGHLIGHTS, string>>;
}

const STORY_ORGANISATIONS = new Set(DEMO_ORGANISATIONS.map((o) => o.mspId).filter((m) => m !== 'RegulatorMSP'));

/** The generated part of a simulation made with the story: the captures of the story's organisations are left out. */
function withoutStory(simulation: Simulation): Simulation {
  const captures = simulation.captures.filter((c) => !STORY_ORGANISATIONS.has(c.submitterMsp));
  return { ...simulation, captures, events: captures.flatMap((c) => c.events) };
}

function highlights(): DemoOutcome['highlights'] {
  return {
    pharmaPack: canonicalObjectId(DEMO_HIGHLIGHTS.pharmaPack),
    steelCoil: canonicalObjectId(DEMO_HIGHLIGHTS.steelCoil),
    steelHeat: canonicalObjectId(DEMO_HIGHLIGHTS.steelHeat),
    vehicle: canonicalObjectId(DEMO_HIGHLIGHTS.vehicle),
  };
}

/**
 * Seeds the demo into a running lotledger, once, through the simulator: its organisations, GLNs and
 * GTINs are registered through the GraphQL registration mutations (the regulator bootstraps itself,
 * then registers the others); the fixed story of demo-chains.ts (whose keys the README and the pages
 * name) is captured step by step, each waiting until anchored; then the simulated chains around it
 * (DEMO_SIMULATION, with its few deliberate custody violations) go through the same REST capture path.
 */
export class DemoSeeder {
  private readonly tokens: TokenSource;
  private readonly target: ReturnType<typeof embeddedTarget>;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly options: {
      readonly markerFile: string;
      readonly timeoutMs: number;
      readonly now: () => Date;
      readonly log: (line: string) => void;
    },
  ) {
    this.target = embeddedTarget(app, 600);
    this.tokens = this.target.tokens;
  }

  /**
   * True when a previous start finished seeding (restarts keep every event and add none). The marker
   * is written last; an interrupted seeding runs again, and every step of it is idempotent.
   */
  async alreadySeeded(): Promise<boolean> {
    try {
      await access(this.options.markerFile);
      return true;
    } catch {
      return false;
    }
  }

  async seed(): Promise<DemoOutcome> {
    if (await this.alreadySeeded()) return { seeded: false, steps: [], highlights: highlights() };
    const simulation = generateSimulation({ ...DEMO_SIMULATION, story: true });
    await registerSimulation(simulation, this.target.transport, this.tokens);
    const steps: DemoStepResult[] = [];
    for (const step of DEMO_STEPS) {
      const result = await this.capture(step);
      this.options.log(
        `  ${result.status === 'success' ? '✓' : '✗'} ${step.title} (${String(result.anchored)} anchored${result.rejected.length > 0 ? `, ${String(result.rejected.length)} rejected` : ''})`,
      );
      steps.push(result);
    }
    const generated = withoutStory(simulation);
    this.options.log(
      `  … and ${String(generated.events.length)} simulated events around it (lotledger simulate --industry all --scale ${String(DEMO_SIMULATION.scale)} --seed ${DEMO_SIMULATION.seed})`,
    );
    const summary = await new SimulationSender({ ...this.target, jobTimeoutMs: this.options.timeoutMs }).send(generated);
    const reasons = Object.entries(summary.rejectedByReason).map(([code, n]) => `${String(n)} ${code}`);
    this.options.log(
      `  ${summary.violationsRejectedAsExpected === summary.expectedViolations ? '✓' : '✗'} ${String(summary.accepted)} anchored, ${String(summary.rejected)} rejected${reasons.length > 0 ? ` (deliberate custody violations: ${reasons.join(', ')})` : ''}`,
    );
    await writeFile(
      this.options.markerFile,
      `${JSON.stringify({ seededAt: this.options.now().toISOString(), steps, simulation: summary }, null, 2)}\n`,
    );
    return { seeded: true, steps, simulation: summary, highlights: highlights() };
  }

  private async capture(step: DemoStep): Promise<DemoStepResult> {
    const token = await this.tokens(step.submitterMsp, 'supplier');
    const document = {
      '@context': DEMO_CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: this.options.now().toISOString(),
      epcisBody: { eventList: step.events },
    };
    const response = await this.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify(document),
    });
    const location = response.headers.location;
    if (response.statusCode !== 202 || typeof location !== 'string') {
      throw new Error(`demo capture "${step.title}" was refused: ${String(response.statusCode)} ${response.body}`);
    }
    return this.waitForJob(step.title, location, token);
  }

  private async waitForJob(title: string, location: string, token: string): Promise<DemoStepResult> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (;;) {
      const response = await this.app.inject({ method: 'GET', url: location, headers: { authorization: `Bearer ${token}` } });
      const job = JSON.parse(response.body) as {
        captureID: string;
        status: string;
        anchoredCount: number;
        events: readonly { hashId: string; status: string; rejection?: { code: string | null; reason: string | null } }[];
      };
      if (job.status !== 'running') {
        return {
          title,
          captureId: job.captureID,
          status: job.status,
          anchored: job.anchoredCount,
          rejected: job.events
            .filter((e) => e.status === 'rejected')
            .map((e) => ({ hashId: e.hashId, code: e.rejection?.code ?? null, reason: e.rejection?.reason ?? null })),
        };
      }
      if (Date.now() > deadline)
        throw new Error(`demo capture "${title}" was not anchored within ${String(this.options.timeoutMs)} ms (job ${location})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
