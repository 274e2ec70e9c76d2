import { access, writeFile } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AUTH_RUNTIME, type AuthRuntime } from '@lotledger/auth';
import { canonicalObjectId, parseIdentifier } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import {
  DEMO_CONTEXT,
  DEMO_HIGHLIGHTS,
  DEMO_LOCATIONS,
  DEMO_ORGANISATIONS,
  DEMO_PRODUCTS,
  DEMO_STEPS,
  type DemoStep,
} from './demo-chains.js';

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
  /** Canonical Digital Links of the objects worth opening. */
  readonly highlights: Readonly<Record<keyof typeof DEMO_HIGHLIGHTS, string>>;
}

const REGULATOR = 'RegulatorMSP';

function gs1KeyValue(uri: string): string {
  const parsed = parseIdentifier(uri);
  if (!parsed.ok) throw new Error(`demo data: ${uri} is not a GS1 identifier`);
  return parsed.value.primaryKey.value;
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
 * Seeds the demo chains into a running lotledger, once: organisations on the ledger (the regulator
 * bootstraps itself, then registers the others) and in the registry, GLNs and GTIN master data,
 * then every step through the normal REST capture path with a token of the organisation that owns
 * it, waiting until each capture is anchored so later steps find the state they build on.
 */
export class DemoSeeder {
  private readonly ledger: LedgerPort;
  private readonly store: ReadModelStore;
  private readonly auth: AuthRuntime;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly options: {
      readonly markerFile: string;
      readonly timeoutMs: number;
      readonly now: () => Date;
      readonly log: (line: string) => void;
    },
  ) {
    this.ledger = app.get<LedgerPort>(LEDGER);
    this.store = app.get<ReadModelStore>(READ_MODEL);
    this.auth = app.get<AuthRuntime>(AUTH_RUNTIME);
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
    await this.registerOrganisations();
    await this.registerMasterData();
    const steps: DemoStepResult[] = [];
    for (const step of DEMO_STEPS) {
      const result = await this.capture(step);
      this.options.log(
        `  ${result.status === 'success' ? '✓' : '✗'} ${step.title} (${String(result.anchored)} anchored${result.rejected.length > 0 ? `, ${String(result.rejected.length)} rejected` : ''})`,
      );
      steps.push(result);
    }
    await writeFile(this.options.markerFile, `${JSON.stringify({ seededAt: this.options.now().toISOString(), steps }, null, 2)}\n`);
    return { seeded: true, steps, highlights: highlights() };
  }

  private async registerOrganisations(): Promise<void> {
    const ordered = [...DEMO_ORGANISATIONS].sort((a, b) => Number(b.mspId === REGULATOR) - Number(a.mspId === REGULATOR));
    for (const org of ordered) {
      const glns = DEMO_LOCATIONS.filter((l) => l.ownerMsp === org.mspId).map((l) => gs1KeyValue(l.sgln));
      const existing = await this.ledger.getOrganization(org.mspId);
      if (existing === undefined) {
        await this.ledger.registerOrganization(REGULATOR, {
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          companyPrefixes: org.companyPrefixes,
          glns,
        });
      }
      await this.store.upsertOrganisation({
        mspId: org.mspId,
        name: org.name,
        role: org.role,
        companyPrefixes: org.companyPrefixes,
        glns,
        signingKeys: [],
        clientId: null,
        clientSecretHash: null,
      });
    }
  }

  private async registerMasterData(): Promise<void> {
    for (const location of DEMO_LOCATIONS) {
      await this.store.upsertLocation({
        gln: gs1KeyValue(location.sgln),
        name: location.name,
        address: { city: location.city, country: location.country },
        ownerMsp: location.ownerMsp,
      });
    }
    for (const product of DEMO_PRODUCTS) {
      await this.store.upsertProduct({
        gtin: gs1KeyValue(product.epcClass),
        name: product.name,
        industry: product.industry,
        imageUrl: null,
        publicAttributes: product.publicAttributes,
        ownerMsp: product.ownerMsp,
      });
    }
  }

  private async capture(step: DemoStep): Promise<DemoStepResult> {
    const { token } = await this.auth.issuer.issue({
      subject: `demo:${step.submitterMsp}`,
      role: 'supplier',
      org: step.submitterMsp,
      ttlSeconds: 600,
    });
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
