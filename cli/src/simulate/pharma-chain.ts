import { others, type ChainContext, type PharmaParties } from './chain-context.js';
import { bizTransactionId, sgtinUrn, ssccUrn } from './gs1-identifiers.js';
import { at, handOver, RunClock } from './simulation-builder.js';

const DAY_MINUTES = 24 * 60;

/**
 * One pharma lot: the maker commissions serialised packs (lot, expiry and storage range in ilmd),
 * packs them into cases and the cases onto an SSCC pallet, ships it with its transaction documents to
 * a distributor, which receives it, logs the cold chain (sometimes out of range), breaks the pallet
 * and ships the cases on to pharmacies; each pharmacy receives, unpacks and dispenses some packs.
 */
export function pharmaRun(ctx: ChainContext, parties: PharmaParties, startMs: number): void {
  const { builder: b, random: r } = ctx;
  const maker = r.pick(parties.makers);
  const product = r.pick(maker.products);
  const m = maker.actor;
  const distributor = r.pick(parties.distributors);
  const clock = new RunClock(r, startMs);
  const lotNumber = `L${String(b.nextSerial(`lot:${product.product.gtin}`)).padStart(4, '0')}${r.pick(['A', 'B', 'C', 'D'])}`;
  const made = new Date(startMs);
  const expiry = `${String(made.getUTCFullYear() + r.int(2, 3))}-${String(made.getUTCMonth() + 1).padStart(2, '0')}-28`;

  const caseCount = r.int(2, 4);
  const packsPerCase = r.int(2, 4);
  const cases = Array.from({ length: caseCount }, () => ({
    sscc: ssccUrn(m.prefix, b.nextSerial(`sscc:${m.prefix}`)),
    packs: Array.from({ length: packsPerCase }, () =>
      sgtinUrn(m.prefix, product.itemReference, `S${String(b.nextSerial(`serial:${product.product.gtin}`)).padStart(7, '0')}`),
    ),
  }));
  const packs = cases.flatMap((c) => c.packs);
  const pallet = ssccUrn(m.prefix, b.nextSerial(`sscc:${m.prefix}`));

  b.add('pharma', m, clock.advance(0, 60), {
    type: 'ObjectEvent',
    epcList: packs,
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: at(m, 'L1'),
    bizLocation: at(m),
    ilmd: {
      'cbvmda:lotNumber': lotNumber,
      'cbvmda:itemExpirationDate': expiry,
      'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': product.minCelsius, 'lotledger:maxCelsius': product.maxCelsius },
    },
  });
  for (const c of cases) {
    b.add('pharma', m, clock.advance(5, 20), {
      type: 'AggregationEvent',
      parentID: c.sscc,
      childEPCs: c.packs,
      action: 'ADD',
      bizStep: 'packing',
      disposition: 'in_progress',
      readPoint: at(m, 'P1'),
      bizLocation: at(m),
    });
  }
  b.add('pharma', m, clock.advance(10, 40), {
    type: 'AggregationEvent',
    parentID: pallet,
    childEPCs: cases.map((c) => c.sscc),
    action: 'ADD',
    bizStep: 'packing',
    disposition: 'in_progress',
    readPoint: at(m, 'P2'),
    bizLocation: at(m),
  });
  const order = b.nextSerial(`po:${distributor.prefix}`);
  const ship = b.add('pharma', m, clock.advance(6 * 60, DAY_MINUTES), {
    type: 'ObjectEvent',
    epcList: [pallet],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: at(m, 'D1'),
    bizTransactionList: [
      { type: 'po', bizTransaction: bizTransactionId(distributor.prefix, `PO-${String(order)}`) },
      { type: 'desadv', bizTransaction: bizTransactionId(m.prefix, `DA-${String(b.nextSerial(`desadv:${m.prefix}`))}`) },
      { type: 'inv', bizTransaction: bizTransactionId(m.prefix, `INV-${String(b.nextSerial(`inv:${m.prefix}`))}`) },
    ],
    ...handOver(m, distributor),
  });
  const shipMs = clock.ms;
  const receiveMs = clock.advance(DAY_MINUTES / 2, 2 * DAY_MINUTES);
  const receive = b.add(
    'pharma',
    distributor,
    receiveMs,
    {
      type: 'ObjectEvent',
      epcList: [pallet],
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: at(distributor),
      bizLocation: at(distributor),
      ...handOver(m, distributor),
    },
    [ship],
  );
  ctx.candidates.push({
    kind: 'WRONG_RECEIVER',
    chain: 'pharma',
    epc: pallet,
    sender: m,
    receiver: distributor,
    impostors: others(parties.distributors, distributor),
    shipSeq: ship,
    shipMs,
    receiveSeq: receive,
    receiveMs,
  });

  // The logger travelled with the pallet: its summary is reported on arrival.
  const excursion = r.chance(ctx.excursionRate);
  const span = product.maxCelsius - product.minCelsius;
  const low = excursion ? product.minCelsius + span * 0.2 : r.decimal(product.minCelsius + 0.5, product.minCelsius + span / 2, 1);
  const high = excursion
    ? r.decimal(product.maxCelsius + 1.5, product.maxCelsius + 9, 1)
    : r.decimal(low + 0.5, product.maxCelsius - 0.3, 1);
  const readingTime = clock.advance(5, 15);
  b.add('pharma', distributor, readingTime, {
    type: 'ObjectEvent',
    epcList: [pallet],
    action: 'OBSERVE',
    bizStep: 'sensor_reporting',
    readPoint: at(distributor),
    sensorElementList: [
      {
        sensorMetadata: { time: new Date(readingTime).toISOString(), deviceID: `urn:epc:id:giai:${distributor.prefix}.L${String(order)}` },
        sensorReport: [
          {
            type: 'gs1:MT-Temperature',
            minValue: Math.round(low * 10) / 10,
            maxValue: high,
            meanValue: Math.round(((low + high) / 2) * 10) / 10,
            uom: 'CEL',
          },
        ],
      },
    ],
  });
  b.add('pharma', distributor, clock.advance(30, 180), {
    type: 'AggregationEvent',
    parentID: pallet,
    childEPCs: cases.map((c) => c.sscc),
    action: 'DELETE',
    bizStep: 'unpacking',
    disposition: 'in_progress',
    readPoint: at(distributor, 'B1'),
    bizLocation: at(distributor),
  });

  for (const c of cases) {
    const pharmacy = r.pick(parties.pharmacies);
    const caseShip = b.add('pharma', distributor, clock.advance(60, 8 * 60), {
      type: 'ObjectEvent',
      epcList: [c.sscc],
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: at(distributor, 'D1'),
      bizTransactionList: [
        { type: 'po', bizTransaction: bizTransactionId(pharmacy.prefix, `PO-${String(b.nextSerial(`po:${pharmacy.prefix}`))}`) },
        {
          type: 'desadv',
          bizTransaction: bizTransactionId(distributor.prefix, `DA-${String(b.nextSerial(`desadv:${distributor.prefix}`))}`),
        },
      ],
      ...handOver(distributor, pharmacy),
    });
    const caseShipMs = clock.ms;
    const pharmacyClock = new RunClock(r, caseShipMs);
    const caseReceiveMs = pharmacyClock.advance(4 * 60, DAY_MINUTES);
    const caseReceive = b.add(
      'pharma',
      pharmacy,
      caseReceiveMs,
      {
        type: 'ObjectEvent',
        epcList: [c.sscc],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: at(pharmacy),
        bizLocation: at(pharmacy),
        ...handOver(distributor, pharmacy),
      },
      [caseShip],
    );
    ctx.candidates.push({
      kind: 'WRONG_RECEIVER',
      chain: 'pharma',
      epc: c.sscc,
      sender: distributor,
      receiver: pharmacy,
      impostors: others(parties.pharmacies, pharmacy),
      shipSeq: caseShip,
      shipMs: caseShipMs,
      receiveSeq: caseReceive,
      receiveMs: caseReceiveMs,
    });
    let last = b.add('pharma', pharmacy, pharmacyClock.advance(10, 120), {
      type: 'AggregationEvent',
      parentID: c.sscc,
      childEPCs: c.packs,
      action: 'DELETE',
      bizStep: 'unpacking',
      disposition: 'sellable_not_accessible',
      readPoint: at(pharmacy, 'BACK'),
      bizLocation: at(pharmacy),
    });
    const dispensed = r.int(0, c.packs.length - 1);
    for (const pack of c.packs.slice(0, dispensed)) {
      last = b.add('pharma', pharmacy, pharmacyClock.advance(DAY_MINUTES / 4, 20 * DAY_MINUTES), {
        type: 'ObjectEvent',
        epcList: [pack],
        action: 'OBSERVE',
        bizStep: 'dispensing',
        disposition: 'dispensed',
        readPoint: at(pharmacy, 'POS1'),
        bizLocation: at(pharmacy),
      });
    }
    for (const pack of c.packs.slice(dispensed)) {
      ctx.candidates.push({
        kind: 'NOT_CUSTODIAN',
        chain: 'pharma',
        epc: pack,
        holder: pharmacy,
        impostors: others(parties.pharmacies, pharmacy),
        lastSeq: last,
        lastMs: pharmacyClock.ms,
        verb: 'dispensing',
      });
    }
  }
}
