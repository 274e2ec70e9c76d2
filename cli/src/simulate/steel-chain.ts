import { gradeLimits } from '@lotledger/domain';
import { others, type ChainContext, type SteelGrade, type SteelParties } from './chain-context.js';
import { lgtinUrn, sgtinUrn } from './gs1-identifiers.js';
import type { SeededRandom } from './seeded-random.js';
import { at, handOver, RunClock } from './simulation-builder.js';

const DAY_MINUTES = 24 * 60;

/** The limits a certificate is checked against (EN 10025-2 for S355J2, EN 10130 for DC04). */
export const GRADE_LIMITS: Readonly<
  Record<
    SteelGrade,
    {
      readonly maxPercent: Readonly<Record<string, number>>;
      readonly yieldMPa: readonly [number, number];
      readonly tensileMPa: readonly [number, number];
      readonly minElongationPercent: number;
      readonly minImpactJ: number | undefined;
    }
  >
> = {
  S355J2: {
    maxPercent: { C: 0.2, Mn: 1.6, Si: 0.55, P: 0.025, S: 0.025, CEV: 0.45 },
    yieldMPa: [355, 480],
    tensileMPa: [470, 630],
    minElongationPercent: 22,
    minImpactJ: 27,
  },
  DC04: {
    maxPercent: { C: 0.08, Mn: 0.4, P: 0.03, S: 0.03 },
    yieldMPa: [140, 210],
    tensileMPa: [270, 350],
    minElongationPercent: 38,
    minImpactJ: undefined,
  },
};

/** EN 10168 values of one coil's test; in spec unless `outOfSpec`, then one value misses the grade. */
export function inspection(
  r: SeededRandom,
  grade: SteelGrade,
  heatNumber: string,
  coilSerial: string,
  outOfSpec: boolean,
): Record<string, unknown> {
  const limits = GRADE_LIMITS[grade];
  const chemistry: Record<string, number> = {};
  for (const [element, max] of Object.entries(limits.maxPercent)) chemistry[`steel:${element}`] = r.decimal(max * 0.45, max * 0.9, 3);
  let yieldMPa = r.int(limits.yieldMPa[0] + 8, limits.yieldMPa[1] - 15);
  let tensileMPa = r.int(Math.max(limits.tensileMPa[0] + 10, yieldMPa + 60), limits.tensileMPa[1] - 10);
  let elongation = r.decimal(limits.minElongationPercent + 1.5, limits.minElongationPercent + 8, 1);
  let impact = limits.minImpactJ === undefined ? undefined : r.int(limits.minImpactJ + 15, limits.minImpactJ + 90);
  if (outOfSpec) {
    switch (r.int(0, 3)) {
      case 0:
        // Below the grade's minimum yield, or above its maximum where the standard sets no minimum
        // (EN 10130 gives DC04 a maximum only): whichever the domain's profile checks.
        yieldMPa =
          gradeLimits(grade)?.yieldStrengthMPa(undefined).min === undefined
            ? limits.yieldMPa[1] + r.int(5, 30)
            : limits.yieldMPa[0] - r.int(5, 30);
        break;
      case 1:
        tensileMPa = limits.tensileMPa[1] + r.int(5, 40);
        break;
      case 2:
        elongation = Math.round((limits.minElongationPercent - r.decimal(1, 5, 1)) * 10) / 10;
        break;
      default:
        if (impact !== undefined) impact = r.int(8, (limits.minImpactJ ?? 27) - 3);
        else chemistry['steel:C'] = Math.round(((limits.maxPercent['C'] ?? 0.08) + r.decimal(0.01, 0.05, 3)) * 1000) / 1000;
    }
  }
  return {
    'steel:type': 'EN 10204 3.1',
    'steel:number': `31-${heatNumber}-${coilSerial}`,
    'steel:heatNumber': heatNumber,
    'steel:chemicalCompositionPercent': chemistry,
    'steel:yieldStrengthMPa': yieldMPa,
    'steel:tensileStrengthMPa': tensileMPa,
    'steel:elongationPercent': elongation,
    ...(impact === undefined ? {} : { 'steel:impactEnergyJ': impact }),
  };
}

/**
 * One heat: the steelworks casts it (a lot, in tonnes), casts it into slabs, rolls each slab into a
 * coil with an EN 10204 3.1 inspection certificate (sometimes out of spec), then ships coils to a
 * steel service centre — or, when the automotive chain runs too, keeps some for its stampers.
 */
export function steelRun(ctx: ChainContext, parties: SteelParties, startMs: number): void {
  const { builder: b, random: r } = ctx;
  const works = r.pick(parties.works);
  const w = works.actor;
  // Stampers need deep-drawing DC04 when the automotive chain buys coils; otherwise either grade.
  const products =
    ctx.crossIndustry && r.chance(0.6) ? (works.grades.find((g) => g.grade === 'DC04') ?? r.pick(works.grades)) : r.pick(works.grades);
  const clock = new RunClock(r, startMs);
  const heatNumber = `H${String(new Date(startMs).getUTCFullYear() % 100)}-${String(b.nextSerial(`heat:${w.prefix}`)).padStart(5, '0')}`;
  const heat = lgtinUrn(w.prefix, products.heat.itemReference, heatNumber);
  const slabWeights = Array.from({ length: r.int(2, 4) }, () => r.decimal(18, 32, 1));
  const heatTonnes = Math.round((slabWeights.reduce((s, x) => s + x, 0) + r.decimal(2, 8, 1)) * 10) / 10;

  b.add('steel', w, clock.advance(0, 60), {
    type: 'ObjectEvent',
    epcList: [],
    quantityList: [{ epcClass: heat, quantity: heatTonnes, uom: 'TNE' }],
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(w, 'BOF1'),
    bizLocation: at(w),
    ilmd: { 'cbvmda:lotNumber': heatNumber, 'steel:grade': products.grade },
  });
  const slabs = slabWeights.map((weight, i) => ({
    epc: sgtinUrn(w.prefix, products.slab.itemReference, `${heatNumber}-S${String(i + 1)}`),
    weight,
  }));
  b.add('steel', w, clock.advance(60, 240), {
    type: 'TransformationEvent',
    inputQuantityList: [{ epcClass: heat, quantity: Math.round(slabWeights.reduce((s, x) => s + x, 0) * 10) / 10, uom: 'TNE' }],
    outputEPCList: slabs.map((s) => s.epc),
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(w, 'CC1'),
    bizLocation: at(w),
    ilmd: { 'cbvmda:lotNumber': heatNumber, 'steel:grade': products.grade, 'steel:slabWeightsTonnes': slabWeights },
  });
  const coils: { epc: string; made: number; madeMs: number }[] = [];
  for (const [i, slab] of slabs.entries()) {
    const coilSerial = `${heatNumber}-C${String(i + 1)}`;
    const coil = sgtinUrn(w.prefix, products.coil.itemReference, coilSerial);
    const made = b.add('steel', w, clock.advance(120, 12 * 60), {
      type: 'TransformationEvent',
      inputEPCList: [slab.epc],
      outputEPCList: [coil],
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(w, 'HSM1'),
      bizLocation: at(w),
      certificationInfo: `https://certificates.example/en10204/3.1/${w.prefix}/${coilSerial}`,
      ilmd: {
        'cbvmda:lotNumber': heatNumber,
        'steel:grade': products.grade,
        'steel:netWeightKg': Math.round(slab.weight * 1000 * r.decimal(0.975, 0.99, 3)),
        'steel:inspectionDocument': inspection(r, products.grade, heatNumber, `C${String(i + 1)}`, r.chance(ctx.outOfSpecRate)),
      },
    });
    coils.push({ epc: coil, made, madeMs: clock.ms });
  }
  for (const coil of coils) {
    if (ctx.crossIndustry && products.grade === 'DC04') {
      ctx.coilPool.push({ epc: coil.epc, works: w, madeSeq: coil.made, readyMs: coil.madeMs });
      continue;
    }
    const centre = r.pick(parties.serviceCentres);
    const ship = b.add('steel', w, clock.advance(4 * 60, 2 * DAY_MINUTES), {
      type: 'ObjectEvent',
      epcList: [coil.epc],
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: at(w, 'RAIL1'),
      ...handOver(w, centre),
    });
    const shipMs = clock.ms;
    const receiveMs = new RunClock(r, shipMs).advance(DAY_MINUTES / 2, 3 * DAY_MINUTES);
    const receive = b.add(
      'steel',
      centre,
      receiveMs,
      {
        type: 'ObjectEvent',
        epcList: [coil.epc],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: at(centre),
        bizLocation: at(centre),
        ...handOver(w, centre),
      },
      [ship],
    );
    const impostors = others(parties.serviceCentres, centre);
    ctx.candidates.push(
      {
        kind: 'WRONG_RECEIVER',
        chain: 'steel',
        epc: coil.epc,
        sender: w,
        receiver: centre,
        impostors,
        shipSeq: ship,
        shipMs,
        receiveSeq: receive,
        receiveMs,
      },
      {
        kind: 'NOT_CUSTODIAN',
        chain: 'steel',
        epc: coil.epc,
        holder: centre,
        impostors,
        lastSeq: receive,
        lastMs: receiveMs,
        verb: 'shipping',
      },
    );
  }
}
