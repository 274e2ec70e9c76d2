import { canonicalObjectId } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import type { ReadModelStore } from '@lotledger/store';
import { anchorEvents, placeHold, type EpcisEventJson, type SeededBatch } from './provenance-seed.js';

/** Three stories a consumer may scan: a pharma pack, a steel coil with its 3.1 certificate, a recalled lot. */
export const MSP = { regulator: 'RegulatorMSP', pharma: 'PharmaMSP', steel: 'SteelMSP', distributor: 'DistributorMSP' } as const;

export const DOCUMENT_CONTEXT = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  {
    steel: 'https://vocab.lotledger.example/steel/',
    lotledger: 'https://vocab.lotledger.example/epcis/',
    acme: 'https://vocab.acme.example/',
  },
];

const PACK = 'urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A';
const PACK_2 = 'urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9B';
const CASE = 'urn:epc:id:sscc:9520123.0000004711';
const COIL = 'urn:epc:id:sgtin:0614141.077002.C2640718-01';
const HEAT = 'urn:epc:class:lgtin:0614141.077001.H26-40718';
const RECALLED_LOT = 'urn:epc:class:lgtin:9520123.045679.LT2602R';

export const IDS = {
  pack: canonicalObjectId(PACK),
  case: canonicalObjectId(CASE),
  coil: canonicalObjectId(COIL),
  heat: canonicalObjectId(HEAT),
  recalledLot: canonicalObjectId(RECALLED_LOT),
};

/** The path of an id on any resolver host (`/01/…/21/…`). */
export function pathOf(canonicalId: string): string {
  return canonicalId.replace('https://id.gs1.org', '');
}

export const PUBLIC_NAMES = {
  pharmaPlant: 'Cardiomed plant, Basel',
  distributionCentre: 'Northline distribution centre, Köln',
  mill: 'Ruhrstahl hot strip mill, Duisburg',
};
export const COMMERCIAL_TEXT = [
  'PO-2026-88213',
  'INV-26-004512',
  'DA-260302-0017',
  'MO-26-5521',
  'owning_party',
  'possessing_party',
  'urn:epc:id:pgln',
  '4800',
  'unitPrice',
  '12.40',
  'TLOG-0042',
  'D2',
  'DN-26-112093',
  'RAIL2',
];

export const pharmaEvents: readonly EpcisEventJson[] = [
  {
    type: 'ObjectEvent',
    eventTime: '2026-03-02T08:15:12.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: [PACK, PACK_2],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.L3' },
    bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
    ilmd: {
      'cbvmda:lotNumber': 'LT2603A',
      'cbvmda:itemExpirationDate': '2028-02-29',
      'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 2, 'lotledger:maxCelsius': 8 },
      'acme:unitPrice': 12.4,
    },
  },
  {
    type: 'AggregationEvent',
    eventTime: '2026-03-02T09:02:45.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'ADD',
    bizStep: 'packing',
    disposition: 'in_progress',
    parentID: CASE,
    childEPCs: [PACK, PACK_2],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.P1' },
    bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
  },
  {
    type: 'ObjectEvent',
    eventTime: '2026-03-02T15:30:00.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: [CASE],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.D2' },
    bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
    bizTransactionList: [
      { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:PO-2026-88213' },
      { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:9520123000004:DA-260302-0017' },
      { type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:9520123000004:INV-26-004512' },
    ],
    sourceList: [
      { type: 'owning_party', source: 'urn:epc:id:pgln:9520123.00000' },
      { type: 'possessing_party', source: 'urn:epc:id:pgln:9520123.00000' },
      { type: 'location', source: 'urn:epc:id:sgln:9520123.00001.0' },
    ],
    destinationList: [
      { type: 'owning_party', destination: 'urn:epc:id:pgln:4012345.00000' },
      { type: 'location', destination: 'https://id.gs1.org/414/4012345000122' },
    ],
  },
  {
    type: 'ObjectEvent',
    eventTime: '2026-03-03T06:10:00.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    bizStep: 'sensor_reporting',
    disposition: 'in_transit',
    epcList: [CASE],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.D2' },
    sensorElementList: [
      {
        sensorMetadata: {
          deviceID: 'urn:epc:id:giai:9520123.TLOG-0042',
          startTime: '2026-03-02T15:30:00.000+01:00',
          endTime: '2026-03-03T06:10:00.000+01:00',
        },
        sensorReport: [{ type: 'gs1:MT-Temperature', minValue: 3.1, maxValue: 7.4, meanValue: 5.2, uom: 'CEL' }],
      },
    ],
  },
];

export const distributorEvents: readonly EpcisEventJson[] = [
  {
    type: 'ObjectEvent',
    eventTime: '2026-03-03T07:45:00.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    epcList: [CASE],
    readPoint: { id: 'urn:epc:id:sgln:4012345.00012.0' },
    bizLocation: { id: 'https://id.gs1.org/414/4012345000122' },
  },
];

export const steelEvents: readonly EpcisEventJson[] = [
  {
    type: 'ObjectEvent',
    eventTime: '2026-04-18T03:52:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    quantityList: [{ epcClass: HEAT, quantity: 182.4, uom: 'TNE' }],
    bizLocation: { id: 'urn:epc:id:sgln:0614141.00003.0' },
    ilmd: { 'cbvmda:lotNumber': 'H26-40718', 'steel:heatNumber': 'H26-40718', 'steel:grade': 'S355J2' },
  },
  {
    type: 'TransformationEvent',
    eventTime: '2026-04-20T14:25:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    bizStep: 'https://vocab.lotledger.example/steel/bizstep/hot_rolling',
    disposition: 'conformant',
    inputQuantityList: [{ epcClass: HEAT, quantity: 182.4, uom: 'TNE' }],
    outputEPCList: [COIL],
    readPoint: { id: 'urn:epc:id:sgln:0614141.00003.HSM1' },
    bizLocation: { id: 'urn:epc:id:sgln:0614141.00003.0' },
    certificationInfo: ['https://certs.mill.lotledger.example/en10204/3.1/H26-40718'],
    bizTransactionList: [{ type: 'prodorder', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:MO-26-5521' }],
    ilmd: {
      'cbvmda:lotNumber': 'H26-40718',
      'steel:grade': 'S355J2',
      'steel:inspectionDocument': {
        'steel:type': 'EN 10204 3.1',
        'steel:number': '31-H26-40718',
        'steel:chemicalCompositionPercent': { 'steel:C': 0.17, 'steel:Mn': 1.38, 'steel:CEV': 0.41 },
        'steel:yieldStrengthMPa': 389,
        'steel:tensileStrengthMPa': 532,
        'steel:elongationPercent': 24.5,
      },
      'steel:coilNetWeightsKg': [{ 'steel:coil': COIL, 'steel:netWeightKg': 25640 }],
      'steel:orderPricePerTonne': 4800,
    },
  },
  {
    type: 'ObjectEvent',
    eventTime: '2026-04-20T21:55:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: [COIL],
    readPoint: { id: 'urn:epc:id:sgln:0614141.00003.RAIL2' },
    certificationInfo: 'https://certs.mill.lotledger.example/en10204/3.1/H26-40718',
    bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:DN-26-112093' }],
    sourceList: [
      { type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00000' },
      { type: 'location', source: 'urn:epc:id:sgln:0614141.00003.0' },
    ],
    destinationList: [
      { type: 'owning_party', destination: 'urn:epc:id:pgln:4012345.00000' },
      { type: 'location', destination: 'urn:epc:id:sgln:4012345.00029.0' },
    ],
  },
];

export const recalledLotEvents: readonly EpcisEventJson[] = [
  {
    type: 'ObjectEvent',
    eventTime: '2026-02-10T10:00:00.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    quantityList: [{ epcClass: RECALLED_LOT, quantity: 5000, uom: 'EA' }],
    bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
    ilmd: { 'cbvmda:lotNumber': 'LT2602R', 'cbvmda:itemExpirationDate': '2027-08-31' },
  },
];

export const RECALL_REASON = 'Tablets of this lot may contain too much active ingredient';

export interface SeededProvenance {
  readonly batches: readonly SeededBatch[];
}

/** Registers the organisations (ledger and registry), products and public locations, then anchors the stories. */
export async function seedProvenance(ledger: LedgerPort, store: ReadModelStore): Promise<SeededProvenance> {
  const orgs = [
    { mspId: MSP.regulator, name: 'Medicines Authority', role: 'regulator' as const, companyPrefixes: ['4000001'], glns: [] },
    { mspId: MSP.pharma, name: 'Cardiomed AG', role: 'manufacturer' as const, companyPrefixes: ['9520123'], glns: [] },
    { mspId: MSP.steel, name: 'Ruhrstahl GmbH', role: 'manufacturer' as const, companyPrefixes: ['0614141'], glns: [] },
    { mspId: MSP.distributor, name: 'Northline Logistics', role: 'distributor' as const, companyPrefixes: ['4012345'], glns: [] },
  ];
  for (const org of orgs) {
    if ((await ledger.getOrganization(org.mspId)) === undefined) await ledger.registerOrganization(MSP.regulator, org);
    await store.upsertOrganisation({ ...org, signingKeys: [], clientId: null, clientSecretHash: null });
  }
  await store.upsertProduct({
    gtin: '09520123456788',
    name: 'Cardiostat 10 mg tablets',
    industry: 'pharma',
    imageUrl: null,
    publicAttributes: { form: 'film-coated tablets', packSize: '30 tablets' },
    ownerMsp: MSP.pharma,
  });
  await store.upsertProduct({
    gtin: gtinOf(IDS.recalledLot),
    name: 'Cardiostat 20 mg tablets',
    industry: 'pharma',
    imageUrl: null,
    publicAttributes: {},
    ownerMsp: MSP.pharma,
  });
  await store.upsertProduct({
    gtin: gtinOf(IDS.coil),
    name: 'Hot-rolled steel coil S355J2',
    industry: 'steel',
    imageUrl: null,
    publicAttributes: { thicknessMm: 8 },
    ownerMsp: MSP.steel,
  });
  await store.upsertLocation({
    gln: '9520123000011',
    name: PUBLIC_NAMES.pharmaPlant,
    address: { locality: 'Basel', country: 'CH' },
    ownerMsp: MSP.pharma,
  });
  await store.upsertLocation({
    gln: '4012345000122',
    name: PUBLIC_NAMES.distributionCentre,
    address: { locality: 'Köln', country: 'DE' },
    ownerMsp: MSP.distributor,
  });
  await store.upsertLocation({
    gln: '0614141000036',
    name: PUBLIC_NAMES.mill,
    address: { locality: 'Duisburg', country: 'DE' },
    ownerMsp: MSP.steel,
  });
  const batches = [
    await anchorEvents(ledger, store, MSP.pharma, pharmaEvents, DOCUMENT_CONTEXT),
    await anchorEvents(ledger, store, MSP.distributor, distributorEvents, DOCUMENT_CONTEXT),
    await anchorEvents(ledger, store, MSP.steel, steelEvents, DOCUMENT_CONTEXT),
    await anchorEvents(ledger, store, MSP.pharma, recalledLotEvents, DOCUMENT_CONTEXT),
  ];
  await placeHold(ledger, store, MSP.pharma, IDS.recalledLot, 'recall', RECALL_REASON);
  return { batches };
}

export function gtinOf(canonicalId: string): string {
  return /\/01\/(\d{14})/.exec(canonicalId)?.[1] ?? '';
}
