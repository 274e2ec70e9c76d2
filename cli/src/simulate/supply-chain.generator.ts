import { parseIdentifier } from '@lotledger/domain';
import { DEMO_LOCATIONS, DEMO_ORGANISATIONS, DEMO_PRODUCTS, DEMO_STEPS } from '../demo/demo-chains.js';
import { autoRun } from './auto-chain.js';
import { planCaptures } from './capture-plan.js';
import type {
  AutoParties,
  ChainContext,
  PharmaParties,
  PharmaProduct,
  SteelParties,
  SteelProducts,
  ViolationCandidate,
} from './chain-context.js';
import { deepGenealogyRun } from './genealogy-chain.js';
import { gtin14, sgtinPattern } from './gs1-identifiers.js';
import { pharmaRun } from './pharma-chain.js';
import { SeededRandom } from './seeded-random.js';
import { at, handOver, SimulationBuilder, type Actor, type MutableEvent } from './simulation-builder.js';
import { REGULATOR_MSP, type Industry, type SimEvent, type Simulation, type SimulationOptions } from './simulation.model.js';
import { steelRun } from './steel-chain.js';

/** Generated chains start here (fixed, so a seed replays the same times; the demo story is later in 2026). */
export const SIMULATION_EPOCH_MS = Date.UTC(2026, 2, 2, 6, 0, 0);
/** A new chain run starts every this many minutes, so runs overlap and their events interleave. */
const RUN_SPACING_MINUTES = 30;
const MINUTE = 60_000;

const WORDS = [
  'Aster',
  'Boreal',
  'Cobalt',
  'Dune',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kestrel',
  'Larch',
  'Meridian',
  'Nimbus',
  'Orchid',
  'Pinnacle',
  'Quarry',
  'Riverton',
  'Sable',
  'Tundra',
  'Umber',
  'Vale',
  'Willow',
  'Yarrow',
  'Zephyr',
] as const;
interface SiteSeed {
  readonly city: string;
  readonly country: string;
  readonly zone: string;
}

const SITES: Readonly<Record<Industry, readonly SiteSeed[]>> = {
  pharma: [
    { city: 'Basel', country: 'CH', zone: '+01:00' },
    { city: 'Lyon', country: 'FR', zone: '+01:00' },
    { city: 'Leiden', country: 'NL', zone: '+01:00' },
    { city: 'Cork', country: 'IE', zone: '+00:00' },
    { city: 'Porto', country: 'PT', zone: '+00:00' },
    { city: 'Graz', country: 'AT', zone: '+01:00' },
  ],
  auto: [
    { city: 'Zwickau', country: 'DE', zone: '+01:00' },
    { city: 'Győr', country: 'HU', zone: '+01:00' },
    { city: 'Mladá Boleslav', country: 'CZ', zone: '+01:00' },
    { city: 'Turin', country: 'IT', zone: '+01:00' },
    { city: 'Valladolid', country: 'ES', zone: '+01:00' },
  ],
  steel: [
    { city: 'Duisburg', country: 'DE', zone: '+01:00' },
    { city: 'Linz', country: 'AT', zone: '+01:00' },
    { city: 'Ghent', country: 'BE', zone: '+01:00' },
    { city: 'Ostrava', country: 'CZ', zone: '+01:00' },
  ],
};

const PHARMA_CATALOGUE = [
  { name: 'Insulin glargine 100 U/ml pen, 5 pack', form: 'solution for injection', strength: '100 U/ml', min: 2, max: 8 },
  { name: 'Adalimumab 40 mg pre-filled syringe, 2 pack', form: 'solution for injection', strength: '40 mg', min: 2, max: 8 },
  { name: 'Hepatitis B vaccine 20 µg/ml vial, 10 pack', form: 'suspension for injection', strength: '20 µg/ml', min: 2, max: 8 },
  { name: 'Metformin 850 mg tablets, 60 pack', form: 'tablet', strength: '850 mg', min: 15, max: 25 },
  { name: 'Atorvastatin 20 mg tablets, 28 pack', form: 'tablet', strength: '20 mg', min: 15, max: 25 },
  { name: 'Ibuprofen 400 mg tablets, 30 pack', form: 'tablet', strength: '400 mg', min: 15, max: 25 },
] as const;

const MODELS = [
  { name: 'compact hatchback', vds: 'HB1C4' },
  { name: 'family estate', vds: 'ES2D5' },
  { name: 'city SUV', vds: 'SU3E6' },
] as const;

const DEFAULTS = { violationRate: 0.02, excursionRate: 0.1, outOfSpecRate: 0.1, maxEventsPerCapture: 100 } as const;

interface Parties {
  readonly pharma: PharmaParties;
  readonly auto: AutoParties;
  readonly steel: SteelParties;
}

function word(k: number): string {
  const w = WORDS[k % WORDS.length] ?? 'Sim';
  return k < WORDS.length ? w : `${w}${String(Math.floor(k / WORDS.length) + 1)}`;
}

/** How many organisations of a tier: grows with the square root of the scale, so big runs spread over more parties. */
export function tiersFor(scale: number): number {
  return Math.max(1, Math.min(12, Math.round(Math.sqrt(scale / 200))));
}

function createParties(b: SimulationBuilder, r: SeededRandom, industries: readonly Industry[], tiers: number): Parties {
  let n = 0;
  const actor = (
    industry: Industry,
    range: string,
    kind: string,
    msp: string,
    role: Parameters<SimulationBuilder['organisation']>[3],
    siteKind: string,
  ): Actor => {
    const name = `${word(n)} ${kind}`;
    const mspId = `${word(n)}${msp}MSP`;
    n += 1;
    const site = r.pick(SITES[industry]);
    return b.organisation(range, name, mspId, role, { name: `${name} ${siteKind}, ${site.city}`, ...site });
  };
  const has = (i: Industry): boolean => industries.includes(i);
  const count = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

  const pharma: PharmaParties = {
    makers: has('pharma')
      ? count(tiers).map(() => {
          const a = actor('pharma', '9521', 'Pharma', 'Pharma', 'manufacturer', 'plant');
          const products = [r.int(0, 2), r.int(3, 5)].map((i): PharmaProduct => {
            const item = PHARMA_CATALOGUE[i] ?? PHARMA_CATALOGUE[0];
            const itemReference = b.nextItemReference(a);
            return {
              owner: a,
              itemReference,
              minCelsius: item.min,
              maxCelsius: item.max,
              product: b.product({
                gtin: gtin14(a.prefix, itemReference),
                epcClass: sgtinPattern(a.prefix, itemReference),
                name: item.name,
                industry: 'pharma',
                ownerMsp: a.org.mspId,
                publicAttributes: {
                  storage: `Store at ${String(item.min)}–${String(item.max)} °C`,
                  form: item.form,
                  strength: item.strength,
                },
              }),
            };
          });
          return { actor: a, products };
        })
      : [],
    distributors: has('pharma')
      ? count(tiers + 1).map(() => actor('pharma', '9522', 'Distribution', 'Distribution', 'distributor', 'warehouse'))
      : [],
    pharmacies: has('pharma')
      ? count(2 * tiers + 2).map(() => actor('pharma', '9523', 'Pharmacy', 'Pharmacy', 'retailer', 'pharmacy'))
      : [],
  };

  const catalogue = (a: Actor, industry: Industry, name: string, publicAttributes: Record<string, string>) => {
    const itemReference = b.nextItemReference(a);
    return {
      owner: a,
      itemReference,
      product: b.product({
        gtin: gtin14(a.prefix, itemReference),
        epcClass: sgtinPattern(a.prefix, itemReference),
        name,
        industry,
        ownerMsp: a.org.mspId,
        publicAttributes,
      }),
    };
  };
  const steel: SteelParties = {
    works: has('steel')
      ? count(Math.ceil(tiers / 2)).map(() => {
          const a = actor('steel', '0615', 'Steelworks', 'Steel', 'manufacturer', 'works');
          const grades = (['S355J2', 'DC04'] as const).map((grade): SteelProducts => ({
            grade,
            heat: catalogue(a, 'steel', `${grade} heat (cast)`, { grade, standard: grade === 'DC04' ? 'EN 10130' : 'EN 10025-2' }),
            slab: catalogue(a, 'steel', `${grade} slab, 220 mm`, { grade, thickness: '220 mm' }),
            coil: catalogue(a, 'steel', grade === 'DC04' ? 'DC04 cold-rolled coil, 0.8 mm' : 'S355J2 hot-rolled coil, 3.0 mm', {
              grade,
              thickness: grade === 'DC04' ? '0.8 mm' : '3.0 mm',
              width: '1500 mm',
            }),
          }));
          return { actor: a, grades };
        })
      : [],
    serviceCentres: has('steel')
      ? count(tiers + 1).map(() => actor('steel', '0616', 'Steel Service', 'SteelService', 'distributor', 'service centre'))
      : [],
  };

  const auto: AutoParties = {
    stampers: has('auto')
      ? count(tiers).map(() => {
          const a = actor('auto', '4013', 'Stamping', 'Stamping', 'supplier', 'press shop');
          return {
            actor: a,
            plate: catalogue(a, 'auto', 'Brake backing plate BP-20, stamped', { partNumber: 'BP-20' }),
            blank: catalogue(a, 'auto', 'Steel blanks for BP-20', { partNumber: 'BL-20' }),
            bolt: catalogue(a, 'auto', 'Caliper bolt M12x1.5, class 10.9', { partNumber: 'CB-12' }),
          };
        })
      : [],
    moduleMakers: has('auto')
      ? count(tiers).map(() => {
          const a = actor('auto', '4014', 'Brake Systems', 'Brakes', 'supplier', 'assembly plant');
          return { actor: a, module: catalogue(a, 'auto', 'Front brake module FBM-7', { partNumber: 'FBM-7' }) };
        })
      : [],
    oems: has('auto')
      ? count(Math.ceil(tiers / 2)).map((i) => {
          const a = actor('auto', '4015', 'Motors', 'Motors', 'manufacturer', 'vehicle plant');
          const models = MODELS.map((m) => ({
            ...catalogue(a, 'auto', `${a.org.name} ${m.name}`, { kind: 'vehicle', model: m.name }),
            vds: m.vds,
          }));
          // A fictional world manufacturer identifier per OEM (ISO 3780 shape; "S" codes are unassigned here).
          return { actor: a, models, wmi: `S${'ABCDEFGHJ'.charAt(i % 9)}${String(i % 10)}`, plant: 'ZKLMN'.charAt(i % 5) };
        })
      : [],
    dealers: has('auto') ? count(2 * tiers + 1).map(() => actor('auto', '4016', 'Cars', 'Cars', 'retailer', 'dealership')) : [],
  };
  return { pharma, auto, steel };
}

function shuffled<T>(r: SeededRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** Adds the deliberate custody violations: `count` of them, spread over the candidates by the seed. */
function addViolations(b: SimulationBuilder, r: SeededRandom, candidates: readonly ViolationCandidate[], count: number): void {
  let added = 0;
  for (const c of shuffled(r, candidates)) {
    if (added >= count) return;
    if (c.impostors.length === 0) continue;
    const impostor = r.pick(c.impostors);
    if (c.kind === 'WRONG_RECEIVER') {
      const mid = c.shipMs + Math.floor((c.receiveMs - c.shipMs) / 2 / MINUTE) * MINUTE;
      const seq = b.add(
        c.chain,
        impostor,
        mid,
        {
          type: 'ObjectEvent',
          epcList: [c.epc],
          action: 'OBSERVE',
          bizStep: 'receiving',
          disposition: 'in_progress',
          readPoint: at(impostor),
          bizLocation: at(impostor),
          ...handOver(c.sender, impostor),
        },
        [c.shipSeq],
        'WRONG_RECEIVER',
      );
      // The rightful receipt waits for the attempt, so the attempt meets the goods in transit.
      b.eventAt(c.receiveSeq).after.push(seq);
    } else {
      const when = c.lastMs + r.int(60, 5 * 24 * 60) * MINUTE;
      const fields =
        c.verb === 'shipping'
          ? { bizStep: 'shipping', disposition: 'in_transit', readPoint: at(impostor, 'D1'), ...handOver(impostor, c.holder) }
          : c.verb === 'dispensing'
            ? { bizStep: 'dispensing', disposition: 'dispensed', readPoint: at(impostor, 'POS1'), bizLocation: at(impostor) }
            : { bizStep: 'retail_selling', disposition: 'retail_sold', readPoint: at(impostor), bizLocation: at(impostor) };
      b.add(c.chain, impostor, when, { type: 'ObjectEvent', epcList: [c.epc], action: 'OBSERVE', ...fields }, [c.lastSeq], 'NOT_CUSTODIAN');
    }
    added += 1;
  }
}

function gs1KeyValue(uri: string): string {
  const parsed = parseIdentifier(uri);
  if (!parsed.ok) throw new Error(`${uri} is not a GS1 identifier`);
  return parsed.value.primaryKey.value;
}

/** The demo's fixed story (demo-chains.ts) as simulation events: each step waits for the one before. */
function addStory(b: SimulationBuilder): void {
  for (const org of DEMO_ORGANISATIONS) {
    if (org.mspId === REGULATOR_MSP) continue;
    b.organisations.push({ mspId: org.mspId, name: org.name, role: org.role, companyPrefixes: org.companyPrefixes });
  }
  for (const l of DEMO_LOCATIONS)
    b.locations.push({ sgln: l.sgln, gln: gs1KeyValue(l.sgln), name: l.name, ownerMsp: l.ownerMsp, city: l.city, country: l.country });
  for (const p of DEMO_PRODUCTS) b.products.push({ ...p, gtin: gs1KeyValue(p.epcClass) });
  let previous: number[] = [];
  let previousChain = '';
  for (const step of DEMO_STEPS) {
    // The pharma story and the steel → automotive story are separate hand-over chains.
    if (previousChain === 'pharma' && step.chain !== 'pharma') previous = [];
    previousChain = step.chain;
    const seqs: number[] = [];
    for (const event of step.events) {
      const seq = b.events.length;
      const time = typeof event['eventTime'] === 'string' ? Date.parse(event['eventTime']) : Number.NaN;
      b.events.push({ seq, chain: step.chain, submitterMsp: step.submitterMsp, timeMs: time, event, after: [...previous] });
      seqs.push(seq);
    }
    previous = seqs.slice(-1);
  }
}

function frozen(e: MutableEvent): SimEvent {
  return { ...e, after: [...e.after] };
}

/**
 * Generates a simulation: organisations, locations and products, then chain runs in turn over the
 * chosen industries until at least `scale` events exist (violations included), in time order and
 * grouped into captures. Deterministic: the same options give the same simulation, byte for byte.
 */
export function generateSimulation(options: SimulationOptions): Simulation {
  const deep = options.deepGenealogy === true;
  const resolved = {
    industry: options.industry,
    scale: Math.max(1, Math.floor(options.scale)),
    seed: options.seed,
    violationRate: options.violationRate ?? DEFAULTS.violationRate,
    excursionRate: options.excursionRate ?? DEFAULTS.excursionRate,
    outOfSpecRate: options.outOfSpecRate ?? DEFAULTS.outOfSpecRate,
    maxEventsPerCapture: options.maxEventsPerCapture ?? DEFAULTS.maxEventsPerCapture,
    story: options.story ?? false,
    // Only when asked for: the options of every other simulation read as before, byte for byte.
    ...(deep ? { deepGenealogy: true as const } : {}),
  };
  const random = new SeededRandom(`lotledger-simulation:${resolved.seed}`);
  const b = new SimulationBuilder(random);
  b.organisations.push({ mspId: REGULATOR_MSP, name: 'Product Safety Authority', role: 'regulator', companyPrefixes: [] });
  if (resolved.story) addStory(b);
  const industries: Industry[] = resolved.industry === 'all' ? ['steel', 'auto', 'pharma'] : [resolved.industry];
  const partyIndustries: Industry[] = deep ? [...new Set<Industry>([...industries, 'steel', 'auto'])] : industries;
  const parties = createParties(b, random, partyIndustries, tiersFor(resolved.scale));
  const ctx: ChainContext = {
    builder: b,
    random,
    excursionRate: resolved.excursionRate,
    outOfSpecRate: resolved.outOfSpecRate,
    coilPool: [],
    crossIndustry: industries.includes('steel') && industries.includes('auto'),
    candidates: [],
  };
  // First, at the start of the timeline: the genealogy is there whatever the scale.
  const genealogyRoot = deep ? deepGenealogyRun(ctx, parties.steel, parties.auto, SIMULATION_EPOCH_MS) : undefined;
  // Violations are a share of the final total: v / (n + v) = rate.
  const withViolations = (n: number): number => n + Math.round((resolved.violationRate * n) / (1 - resolved.violationRate));
  for (let run = 0; withViolations(b.events.length) < resolved.scale; run++) {
    const industry = industries[run % industries.length] ?? 'pharma';
    const start = SIMULATION_EPOCH_MS + run * RUN_SPACING_MINUTES * MINUTE;
    if (industry === 'pharma') pharmaRun(ctx, parties.pharma, start);
    else if (industry === 'steel') steelRun(ctx, parties.steel, start);
    else autoRun(ctx, parties.auto, start);
  }
  const storyEvents = resolved.story ? DEMO_STEPS.reduce((n, s) => n + s.events.length, 0) : 0;
  const generated = b.events.length - storyEvents;
  addViolations(b, random, ctx.candidates, withViolations(generated) - generated);

  const events = b.events.map(frozen).sort((x, y) => x.timeMs - y.timeMs || x.seq - y.seq);
  return {
    options: resolved,
    organisations: b.organisations,
    locations: b.locations,
    products: b.products,
    events,
    captures: planCaptures(events, resolved.maxEventsPerCapture),
    ...(genealogyRoot === undefined ? {} : { genealogyRoot }),
  };
}
