import type { AutoParties, ChainContext, SteelParties } from './chain-context.js';
import { assemblyLeg, MODEL_YEAR_CODES } from './auto-chain.js';
import { bizTransactionId, lgtinUrn, sgtinUrn } from './gs1-identifiers.js';
import { at, handOver, RunClock } from './simulation-builder.js';
import { inspection } from './steel-chain.js';

const DAY_MINUTES = 24 * 60;

/** Slabs cast from the heat (one coil each, one blank lot per coil). */
export const DEEP_GENEALOGY_SLABS = 6;
/** Backing plates stamped from one coil's blanks: two per brake module, one module per vehicle. */
export const DEEP_GENEALOGY_PLATES_PER_COIL = 82;
/**
 * Objects downstream of the heat, the heat included: the heat, its slabs, coils and blank lots, then
 * per coil its plates, the modules they are assembled into and the vehicles those are fitted to.
 */
export const DEEP_GENEALOGY_NODES = 1 + 3 * DEEP_GENEALOGY_SLABS + DEEP_GENEALOGY_SLABS * (DEEP_GENEALOGY_PLATES_PER_COIL * 2);

/**
 * One large heat followed all the way to vehicles — the genealogy a recall of a bad heat walks: the
 * steelworks casts the heat into slabs and rolls each into a coil with its EN 10204 3.1 certificate,
 * ships the coils to a stamper, which slits each coil into a lot of blanks and stamps the blanks into
 * serialised backing plates; a module maker assembles two plates into each brake module, and the OEM
 * fits one module to each vehicle, which goes to a dealer. About 1,000 objects descend from the heat
 * (DEEP_GENEALOGY_NODES). Returns the heat's EPC class (the genealogy's root).
 */
export function deepGenealogyRun(ctx: ChainContext, steel: SteelParties, auto: AutoParties, startMs: number): string {
  const { builder: b, random: r } = ctx;
  const works = r.pick(steel.works);
  const w = works.actor;
  const products = works.grades.find((g) => g.grade === 'DC04') ?? r.pick(works.grades);
  const stamper = r.pick(auto.stampers);
  const s = stamper.actor;
  const moduleMaker = r.pick(auto.moduleMakers);
  const oem = r.pick(auto.oems);
  const clock = new RunClock(r, startMs);

  const heatNumber = `H${String(new Date(startMs).getUTCFullYear() % 100)}-${String(b.nextSerial(`heat:${w.prefix}`)).padStart(5, '0')}`;
  const heat = lgtinUrn(w.prefix, products.heat.itemReference, heatNumber);
  const slabWeights = Array.from({ length: DEEP_GENEALOGY_SLABS }, () => r.decimal(26, 32, 1));
  const castTonnes = Math.round(slabWeights.reduce((sum, x) => sum + x, 0) * 10) / 10;
  b.add('steel', w, clock.advance(0, 60), {
    type: 'ObjectEvent',
    epcList: [],
    quantityList: [{ epcClass: heat, quantity: Math.round((castTonnes + r.decimal(3, 8, 1)) * 10) / 10, uom: 'TNE' }],
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
    inputQuantityList: [{ epcClass: heat, quantity: castTonnes, uom: 'TNE' }],
    outputEPCList: slabs.map((x) => x.epc),
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(w, 'CC1'),
    bizLocation: at(w),
    ilmd: { 'cbvmda:lotNumber': heatNumber, 'steel:grade': products.grade, 'steel:slabWeightsTonnes': slabWeights },
  });
  const coils = slabs.map((slab, i) => {
    const coilSerial = `${heatNumber}-C${String(i + 1)}`;
    const epc = sgtinUrn(w.prefix, products.coil.itemReference, coilSerial);
    const netKg = Math.round(slab.weight * 1000 * r.decimal(0.975, 0.99, 3));
    b.add('steel', w, clock.advance(120, 12 * 60), {
      type: 'TransformationEvent',
      inputEPCList: [slab.epc],
      outputEPCList: [epc],
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(w, 'HSM1'),
      bizLocation: at(w),
      certificationInfo: `https://certificates.example/en10204/3.1/${w.prefix}/${coilSerial}`,
      ilmd: {
        'cbvmda:lotNumber': heatNumber,
        'steel:grade': products.grade,
        'steel:netWeightKg': netKg,
        // In spec throughout: this heat goes into cars.
        'steel:inspectionDocument': inspection(r, products.grade, heatNumber, `C${String(i + 1)}`, false),
      },
    });
    return { epc, netKg };
  });

  const coilShip = b.add('steel', w, clock.advance(4 * 60, DAY_MINUTES), {
    type: 'ObjectEvent',
    epcList: coils.map((c) => c.epc),
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: at(w, 'RAIL1'),
    bizTransactionList: [{ type: 'po', bizTransaction: bizTransactionId(s.prefix, `PO-${String(b.nextSerial(`po:${s.prefix}`))}`) }],
    ...handOver(w, s),
  });
  b.add(
    'auto',
    s,
    clock.advance(DAY_MINUTES / 2, 2 * DAY_MINUTES),
    {
      type: 'ObjectEvent',
      epcList: coils.map((c) => c.epc),
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: at(s),
      bizLocation: at(s),
      ...handOver(w, s),
    },
    [coilShip],
  );

  const model = r.pick(oem.models);
  const year = r.pick(MODEL_YEAR_CODES);
  for (const coil of coils) {
    // The stamper: slit the coil into a lot of blanks, stamp the blanks into serialised plates.
    const productionLot = `P${String(b.nextSerial(`lot:${s.prefix}`)).padStart(5, '0')}`;
    const blanks = lgtinUrn(s.prefix, stamper.blank.itemReference, `B${productionLot.slice(1)}`);
    const blankKg = Math.round(coil.netKg * r.decimal(0.9, 0.96, 3));
    b.add('auto', s, clock.advance(60, 8 * 60), {
      type: 'TransformationEvent',
      inputEPCList: [coil.epc],
      outputQuantityList: [{ epcClass: blanks, quantity: blankKg, uom: 'KGM' }],
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(s, 'CUT1'),
      bizLocation: at(s),
      ilmd: { 'cbvmda:lotNumber': `B${productionLot.slice(1)}` },
    });
    const plates = Array.from({ length: DEEP_GENEALOGY_PLATES_PER_COIL }, () =>
      sgtinUrn(s.prefix, stamper.plate.itemReference, `BP${String(b.nextSerial(`serial:${stamper.plate.product.gtin}`)).padStart(7, '0')}`),
    );
    b.add('auto', s, clock.advance(60, 8 * 60), {
      type: 'TransformationEvent',
      inputQuantityList: [{ epcClass: blanks, quantity: blankKg, uom: 'KGM' }],
      outputEPCList: plates,
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(s, 'PR1'),
      bizLocation: at(s),
      ilmd: { 'cbvmda:lotNumber': productionLot },
    });
    assemblyLeg(ctx, auto, clock, {
      stamper,
      moduleMaker,
      oem,
      plates,
      productionLot,
      vehicleModel: () => ({ model, year }),
      // One big order worked through at once: shorter waits than an ordinary batch's.
      pace: { partsArrive: [4 * 60, DAY_MINUTES], moduleAssembled: [2, 10], vehicleBuilt: [3, 20], moduleFitted: [2, 15] },
    });
  }
  return heat;
}
