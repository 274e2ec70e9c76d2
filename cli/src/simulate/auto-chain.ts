import { others, type AutoParties, type ChainContext } from './chain-context.js';
import { bizTransactionId, lgtinUrn, sgtinUrn, vin } from './gs1-identifiers.js';
import { at, handOver, RunClock, type Actor } from './simulation-builder.js';

const DAY_MINUTES = 24 * 60;
export const MODEL_YEAR_CODES = ['T', 'V', 'W'] as const; // 2026, 2027, 2028 (ISO 3779 year letters)

/**
 * One automotive batch: a stamper turns a coil (bought from a steelworks when the steel chain runs,
 * otherwise a lot of blanks) into serialised backing plates and makes a lot of bolts; a module maker
 * receives both and assembles brake modules (AssociationEvent: plates + a quantity of the bolt lot);
 * the OEM receives the modules, builds vehicles — each an SGTIN of its model whose serial is the
 * VIN — and associates a module to each; dealers receive the vehicles and sell some.
 */
export function autoRun(ctx: ChainContext, parties: AutoParties, startMs: number): void {
  const { builder: b, random: r } = ctx;
  const stamper = r.pick(parties.stampers);
  const s = stamper.actor;
  const moduleMaker = r.pick(parties.moduleMakers);
  const oem = r.pick(parties.oems);
  const vehicleCount = r.int(1, 3);
  const plates = Array.from({ length: vehicleCount * 2 }, () =>
    sgtinUrn(s.prefix, stamper.plate.itemReference, `BP${String(b.nextSerial(`serial:${stamper.plate.product.gtin}`)).padStart(7, '0')}`),
  );
  const productionLot = `P${String(b.nextSerial(`lot:${s.prefix}`)).padStart(5, '0')}`;

  // Stamping input: a pooled coil (the cross-industry hand-over), or the stamper's own lot of blanks.
  const coil = ctx.coilPool.shift();
  const clock = new RunClock(r, Math.max(startMs, (coil?.readyMs ?? 0) + 60_000));
  const stampAfter: number[] = [];
  let input: Record<string, unknown>;
  if (coil !== undefined) {
    const ship = b.add(
      'steel',
      coil.works,
      clock.advance(30, 6 * 60),
      {
        type: 'ObjectEvent',
        epcList: [coil.epc],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: at(coil.works, 'RAIL1'),
        bizTransactionList: [{ type: 'po', bizTransaction: bizTransactionId(s.prefix, `PO-${String(b.nextSerial(`po:${s.prefix}`))}`) }],
        ...handOver(coil.works, s),
      },
      [coil.madeSeq],
    );
    const receive = b.add(
      'auto',
      s,
      clock.advance(DAY_MINUTES / 2, 3 * DAY_MINUTES),
      {
        type: 'ObjectEvent',
        epcList: [coil.epc],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: at(s),
        bizLocation: at(s),
        ...handOver(coil.works, s),
      },
      [ship],
    );
    stampAfter.push(receive);
    input = { inputEPCList: [coil.epc] };
  } else {
    const blanks = lgtinUrn(s.prefix, stamper.blank.itemReference, `B${productionLot.slice(1)}`);
    b.add('auto', s, clock.advance(0, 60), {
      type: 'ObjectEvent',
      epcList: [],
      quantityList: [{ epcClass: blanks, quantity: plates.length * 2.1, uom: 'KGM' }],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(s, 'CUT1'),
      bizLocation: at(s),
      ilmd: { 'cbvmda:lotNumber': `B${productionLot.slice(1)}` },
    });
    input = { inputQuantityList: [{ epcClass: blanks, quantity: plates.length * 2.1, uom: 'KGM' }] };
  }
  b.add(
    'auto',
    s,
    clock.advance(60, 8 * 60),
    {
      type: 'TransformationEvent',
      ...input,
      outputEPCList: plates,
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(s, 'PR1'),
      bizLocation: at(s),
      ilmd: { 'cbvmda:lotNumber': productionLot },
    },
    stampAfter,
  );
  assemblyLeg(ctx, parties, clock, {
    stamper,
    moduleMaker,
    oem,
    plates,
    productionLot,
    vehicleModel: () => ({ model: r.pick(oem.models), year: r.pick(MODEL_YEAR_CODES) }),
    pace: {
      partsArrive: [4 * 60, 2 * DAY_MINUTES],
      moduleAssembled: [5, 30],
      vehicleBuilt: [60, 6 * 60],
      moduleFitted: [5, 45],
    },
  });
}

type MinuteRange = readonly [number, number];

/** How long the steps of the module and vehicle leg take, in minutes (least, most). */
export interface AssemblyPace {
  /** From a shipment leaving to its receipt: plates to the module maker, modules to the OEM. */
  readonly partsArrive: MinuteRange;
  readonly moduleAssembled: MinuteRange;
  readonly vehicleBuilt: MinuteRange;
  readonly moduleFitted: MinuteRange;
}

export interface AssemblyLeg {
  readonly stamper: AutoParties['stampers'][number];
  readonly moduleMaker: AutoParties['moduleMakers'][number];
  readonly oem: AutoParties['oems'][number];
  /** The stamped plates, two per brake module. */
  readonly plates: readonly string[];
  readonly productionLot: string;
  /** Asked when the OEM starts building: the model and model-year letter of the vehicles. */
  readonly vehicleModel: () => { readonly model: AutoParties['oems'][number]['models'][number]; readonly year: string };
  readonly pace: AssemblyPace;
}

/**
 * From stamped plates to vehicles at dealers, shared by the automotive batch and the deep genealogy:
 * the stamper makes a lot of bolts and ships plates and bolts to the module maker, which assembles
 * brake modules (two plates and eight bolts each, AssociationEvent) and ships them to the OEM; the OEM
 * builds one vehicle per module (an SGTIN whose serial is the VIN), fits the module, and sends each
 * vehicle on its dealer leg.
 */
export function assemblyLeg(ctx: ChainContext, parties: AutoParties, clock: RunClock, leg: AssemblyLeg): void {
  const { builder: b } = ctx;
  const { stamper, moduleMaker, oem, plates, productionLot, pace } = leg;
  const [s, t1, o] = [stamper.actor, moduleMaker.actor, oem.actor];
  const moduleCount = plates.length / 2;
  const boltLot = lgtinUrn(s.prefix, stamper.bolt.itemReference, `M${productionLot.slice(1)}`);
  const bolts = moduleCount * 8;
  b.add('auto', s, clock.advance(10, 60), {
    type: 'ObjectEvent',
    epcList: [],
    quantityList: [{ epcClass: boltLot, quantity: bolts, uom: 'H87' }],
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(s, 'FAS1'),
    bizLocation: at(s),
    ilmd: { 'cbvmda:lotNumber': `M${productionLot.slice(1)}` },
  });
  const partsShip = b.add('auto', s, clock.advance(60, DAY_MINUTES), {
    type: 'ObjectEvent',
    epcList: [...plates],
    quantityList: [{ epcClass: boltLot, quantity: bolts, uom: 'H87' }],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: at(s, 'D1'),
    bizTransactionList: [{ type: 'po', bizTransaction: bizTransactionId(t1.prefix, `PO-${String(b.nextSerial(`po:${t1.prefix}`))}`) }],
    ...handOver(s, t1),
  });
  const partsReceive = b.add(
    'auto',
    t1,
    clock.advance(...pace.partsArrive),
    {
      type: 'ObjectEvent',
      epcList: [...plates],
      quantityList: [{ epcClass: boltLot, quantity: bolts, uom: 'H87' }],
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: at(t1),
      bizLocation: at(t1),
      ...handOver(s, t1),
    },
    [partsShip],
  );

  const modules = Array.from({ length: moduleCount }, () =>
    sgtinUrn(
      t1.prefix,
      moduleMaker.module.itemReference,
      `FBM${String(b.nextSerial(`serial:${moduleMaker.module.product.gtin}`)).padStart(7, '0')}`,
    ),
  );
  b.add('auto', t1, clock.advance(60, 6 * 60), {
    type: 'ObjectEvent',
    epcList: modules,
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(t1, 'ASM1'),
    bizLocation: at(t1),
  });
  for (const [i, module] of modules.entries()) {
    b.add('auto', t1, clock.advance(...pace.moduleAssembled), {
      type: 'AssociationEvent',
      parentID: module,
      childEPCs: plates.slice(i * 2, i * 2 + 2),
      childQuantityList: [{ epcClass: boltLot, quantity: 8, uom: 'H87' }],
      action: 'ADD',
      bizStep: 'assembling',
      disposition: 'active',
      readPoint: at(t1, 'ASM1'),
      bizLocation: at(t1),
    });
  }
  const modulesShip = b.add('auto', t1, clock.advance(60, DAY_MINUTES), {
    type: 'ObjectEvent',
    epcList: modules,
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: at(t1, 'D1'),
    ...handOver(t1, o),
  });
  b.add(
    'auto',
    o,
    clock.advance(...pace.partsArrive),
    {
      type: 'ObjectEvent',
      epcList: modules,
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: at(o),
      bizLocation: at(o),
      ...handOver(t1, o),
    },
    [modulesShip, partsReceive],
  );

  const { model, year } = leg.vehicleModel();
  for (const module of modules) {
    const vehicle = sgtinUrn(o.prefix, model.itemReference, vin(oem.wmi, model.vds, year, oem.plant, b.nextSerial(`vin:${oem.wmi}`)));
    b.add('auto', o, clock.advance(...pace.vehicleBuilt), {
      type: 'ObjectEvent',
      epcList: [vehicle],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: at(o, 'EOL1'),
      bizLocation: at(o),
    });
    b.add('auto', o, clock.advance(...pace.moduleFitted), {
      type: 'AssociationEvent',
      parentID: vehicle,
      childEPCs: [module],
      action: 'ADD',
      bizStep: 'assembling',
      disposition: 'active',
      readPoint: at(o, 'FA1'),
      bizLocation: at(o),
    });
    dealerLeg(ctx, parties, o, vehicle, clock.ms);
  }
}

/** A vehicle's leg to a dealer: shipment, receipt, sometimes a sale (and the violation candidates it offers). */
export function dealerLeg(ctx: ChainContext, parties: AutoParties, oem: Actor, vehicle: string, fromMs: number): void {
  const { builder: b, random: r } = ctx;
  const dealer = r.pick(parties.dealers);
  const clock = new RunClock(r, fromMs);
  const ship = b.add('auto', oem, clock.advance(DAY_MINUTES / 2, 3 * DAY_MINUTES), {
    type: 'ObjectEvent',
    epcList: [vehicle],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: at(oem, 'YARD'),
    ...handOver(oem, dealer),
  });
  const shipMs = clock.ms;
  const receiveMs = clock.advance(DAY_MINUTES, 4 * DAY_MINUTES);
  const receive = b.add(
    'auto',
    dealer,
    receiveMs,
    {
      type: 'ObjectEvent',
      epcList: [vehicle],
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'sellable_accessible',
      readPoint: at(dealer),
      bizLocation: at(dealer),
      ...handOver(oem, dealer),
    },
    [ship],
  );
  const impostors = others(parties.dealers, dealer);
  ctx.candidates.push({
    kind: 'WRONG_RECEIVER',
    chain: 'auto',
    epc: vehicle,
    sender: oem,
    receiver: dealer,
    impostors,
    shipSeq: ship,
    shipMs,
    receiveSeq: receive,
    receiveMs,
  });
  if (r.chance(0.5)) {
    b.add('auto', dealer, clock.advance(DAY_MINUTES, 30 * DAY_MINUTES), {
      type: 'ObjectEvent',
      epcList: [vehicle],
      action: 'OBSERVE',
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      readPoint: at(dealer),
      bizLocation: at(dealer),
    });
  } else {
    ctx.candidates.push({
      kind: 'NOT_CUSTODIAN',
      chain: 'auto',
      epc: vehicle,
      holder: dealer,
      impostors,
      lastSeq: receive,
      lastMs: receiveMs,
      verb: 'retail_selling',
    });
  }
}
