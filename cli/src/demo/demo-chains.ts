/**
 * The demo that `lotledger start` seeds on first start: three small but realistic chains, sent
 * through the normal capture path by the organisation that owns each step.
 *
 * - pharma: Helios Pharma commissions serialised packs (lot + expiry in ilmd), packs them into a
 *   case (SSCC), ships it to MedLine Distribution, which receives it and reports a cold-chain reading;
 * - steel → automotive: Nordstahl casts a heat (lot), rolls it into coils with an EN 10204 3.1
 *   certificate, ships them to BremsTech, which stamps a coil into brake calipers and ships them
 *   to Autowerk, which fits two of them to a vehicle — so a bad heat traces through to vehicles.
 *
 * Identifiers are written as EPC URNs (the form most MES/ERP systems emit); the pipeline reduces
 * them to canonical GS1 Digital Links. Company prefixes are GS1's documentation prefixes.
 */

export interface DemoOrganisation {
  readonly mspId: string;
  readonly name: string;
  readonly role: 'manufacturer' | 'supplier' | 'distributor' | 'retailer' | 'regulator';
  readonly companyPrefixes: readonly string[];
}

export interface DemoProduct {
  /** Any EPC pattern or class of the product; the GTIN is derived from it. */
  readonly epcClass: string;
  readonly name: string;
  readonly industry: 'pharma' | 'auto' | 'steel';
  readonly ownerMsp: string;
  readonly publicAttributes: Readonly<Record<string, string>>;
}

export interface DemoLocation {
  readonly sgln: string;
  readonly name: string;
  readonly ownerMsp: string;
  readonly city: string;
  readonly country: string;
}

/** One capture: the events one organisation sends in one EPCIS document. */
export interface DemoStep {
  readonly chain: 'pharma' | 'steel' | 'auto';
  readonly submitterMsp: string;
  readonly title: string;
  readonly events: readonly Readonly<Record<string, unknown>>[];
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { mspId: 'RegulatorMSP', name: 'Product Safety Authority (demo)', role: 'regulator', companyPrefixes: [] },
  { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', companyPrefixes: ['9520123'] },
  { mspId: 'MedLineMSP', name: 'MedLine Distribution', role: 'distributor', companyPrefixes: ['9520456'] },
  { mspId: 'NordstahlMSP', name: 'Nordstahl Steelworks', role: 'manufacturer', companyPrefixes: ['0614141'] },
  { mspId: 'BremsTechMSP', name: 'BremsTech Components', role: 'supplier', companyPrefixes: ['4098765'] },
  { mspId: 'AutowerkMSP', name: 'Autowerk Vehicles', role: 'manufacturer', companyPrefixes: ['4012345'] },
];

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  { sgln: 'urn:epc:id:sgln:9520123.00001.0', name: 'Helios Pharma plant', ownerMsp: 'HeliosPharmaMSP', city: 'Basel', country: 'CH' },
  { sgln: 'urn:epc:id:sgln:9520456.00010.0', name: 'MedLine central warehouse', ownerMsp: 'MedLineMSP', city: 'Lyon', country: 'FR' },
  { sgln: 'urn:epc:id:sgln:0614141.00003.0', name: 'Nordstahl hot strip mill', ownerMsp: 'NordstahlMSP', city: 'Duisburg', country: 'DE' },
  { sgln: 'urn:epc:id:sgln:4098765.00002.0', name: 'BremsTech stamping plant', ownerMsp: 'BremsTechMSP', city: 'Zwickau', country: 'DE' },
  { sgln: 'urn:epc:id:sgln:4012345.00029.0', name: 'Autowerk final assembly', ownerMsp: 'AutowerkMSP', city: 'Wolfsburg', country: 'DE' },
];

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    epcClass: 'urn:epc:idpat:sgtin:9520123.000001.*',
    name: 'Amoxicillin 500 mg capsules, 20 pack',
    industry: 'pharma',
    ownerMsp: 'HeliosPharmaMSP',
    publicAttributes: { storage: 'Store at 2–8 °C', form: 'capsule', strength: '500 mg' },
  },
  {
    epcClass: 'urn:epc:idpat:sgtin:0614141.000010.*',
    name: 'S355J2 hot-rolled steel (heat)',
    industry: 'steel',
    ownerMsp: 'NordstahlMSP',
    publicAttributes: { grade: 'S355J2', standard: 'EN 10025-2' },
  },
  {
    epcClass: 'urn:epc:idpat:sgtin:0614141.000020.*',
    name: 'S355J2 hot-rolled coil, 2.5 mm',
    industry: 'steel',
    ownerMsp: 'NordstahlMSP',
    publicAttributes: { grade: 'S355J2', thickness: '2.5 mm', width: '1500 mm' },
  },
  {
    epcClass: 'urn:epc:idpat:sgtin:4098765.000030.*',
    name: 'Front brake caliper BC-30',
    industry: 'auto',
    ownerMsp: 'BremsTechMSP',
    publicAttributes: { partNumber: 'BC-30' },
  },
  {
    epcClass: 'urn:epc:idpat:sgtin:4012345.000040.*',
    name: 'Autowerk Model E compact car',
    industry: 'auto',
    ownerMsp: 'AutowerkMSP',
    publicAttributes: { model: 'Model E' },
  },
];

const PACKS = [
  'urn:epc:id:sgtin:9520123.000001.SN1001',
  'urn:epc:id:sgtin:9520123.000001.SN1002',
  'urn:epc:id:sgtin:9520123.000001.SN1003',
] as const;
const CASE = 'urn:epc:id:sscc:9520123.0000000017';
const HEAT = 'urn:epc:class:lgtin:0614141.000010.H24-117';
const COILS = ['urn:epc:id:sgtin:0614141.000020.C117-01', 'urn:epc:id:sgtin:0614141.000020.C117-02'] as const;
const CALIPERS = [
  'urn:epc:id:sgtin:4098765.000030.BC30-5001',
  'urn:epc:id:sgtin:4098765.000030.BC30-5002',
  'urn:epc:id:sgtin:4098765.000030.BC30-5003',
] as const;
const VEHICLE = 'urn:epc:id:sgtin:4012345.000040.WAW1E23K7RT000815';

/** The JSON-LD context of every demo document: EPCIS 2.0 plus the two extension namespaces it uses. */
export const DEMO_CONTEXT: readonly unknown[] = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { lotledger: 'https://lotledger.example/voc/', steel: 'https://lotledger.example/voc/steel/' },
];

const sgln = (prefixAndLocation: string): { id: string } => ({ id: `urn:epc:id:sgln:${prefixAndLocation}` });
const party = (prefix: string): string => `urn:epc:id:pgln:${prefix}.00000`;

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    chain: 'pharma',
    submitterMsp: 'HeliosPharmaMSP',
    title: 'Helios Pharma commissions three serialised packs of lot L2611A',
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-05T07:30:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: PACKS,
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: sgln('9520123.00001.L3'),
        bizLocation: sgln('9520123.00001.0'),
        ilmd: {
          'cbvmda:lotNumber': 'L2611A',
          'cbvmda:itemExpirationDate': '2028-09-30',
          'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 2, 'lotledger:maxCelsius': 8 },
        },
      },
      {
        type: 'AggregationEvent',
        eventTime: '2026-10-05T08:10:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: CASE,
        childEPCs: PACKS,
        action: 'ADD',
        bizStep: 'packing',
        disposition: 'in_progress',
        readPoint: sgln('9520123.00001.P1'),
        bizLocation: sgln('9520123.00001.0'),
      },
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-06T06:00:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [CASE],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: sgln('9520123.00001.D2'),
        bizTransactionList: [
          { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:9520456000008:PO-48211' },
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:9520123000003:DA-7730' },
        ],
        sourceList: [{ type: 'owning_party', source: party('9520123') }],
        destinationList: [{ type: 'owning_party', destination: party('9520456') }],
      },
    ],
  },
  {
    chain: 'pharma',
    submitterMsp: 'MedLineMSP',
    title: 'MedLine receives the case and logs its cold-chain reading',
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-07T14:20:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [CASE],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: sgln('9520456.00010.0'),
        bizLocation: sgln('9520456.00010.0'),
        sourceList: [{ type: 'owning_party', source: party('9520123') }],
        destinationList: [{ type: 'owning_party', destination: party('9520456') }],
      },
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-07T14:25:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [CASE],
        action: 'OBSERVE',
        bizStep: 'sensor_reporting',
        readPoint: sgln('9520456.00010.0'),
        sensorElementList: [
          {
            sensorMetadata: { time: '2026-10-07T14:25:00.000+02:00' },
            sensorReport: [{ type: 'gs1:MT-Temperature', minValue: 3.9, maxValue: 6.2, meanValue: 5.1, uom: 'CEL' }],
          },
        ],
      },
    ],
  },
  {
    chain: 'steel',
    submitterMsp: 'NordstahlMSP',
    title: 'Nordstahl casts heat H24-117 and rolls it into coils with an EN 10204 3.1 certificate',
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2026-09-28T03:15:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [],
        quantityList: [{ epcClass: HEAT, quantity: 182.4, uom: 'TNE' }],
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: sgln('0614141.00003.BOF2'),
        bizLocation: sgln('0614141.00003.0'),
        ilmd: { 'cbvmda:lotNumber': 'H24-117' },
      },
      {
        type: 'TransformationEvent',
        eventTime: '2026-09-29T11:40:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        inputQuantityList: [{ epcClass: HEAT, quantity: 48.6, uom: 'TNE' }],
        outputEPCList: COILS,
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: sgln('0614141.00003.HSM1'),
        bizLocation: sgln('0614141.00003.0'),
        certificationInfo: 'https://certificates.nordstahl.example/en10204/3.1/H24-117',
        ilmd: {
          'cbvmda:lotNumber': 'H24-117',
          'steel:grade': 'S355J2',
          'steel:inspectionDocument': {
            'steel:type': 'EN 10204 3.1',
            'steel:number': '31-H24-117',
            'steel:chemicalCompositionPercent': { 'steel:C': 0.16, 'steel:Mn': 1.42, 'steel:Si': 0.21, 'steel:CEV': 0.42 },
            'steel:yieldStrengthMPa': 371,
            'steel:tensileStrengthMPa': 521,
            'steel:elongationPercent': 26.5,
            'steel:impactEnergyJ': 64,
          },
        },
      },
      {
        type: 'ObjectEvent',
        eventTime: '2026-09-30T09:00:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [COILS[0]],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: sgln('0614141.00003.RAIL2'),
        sourceList: [{ type: 'owning_party', source: party('0614141') }],
        destinationList: [{ type: 'owning_party', destination: party('4098765') }],
      },
    ],
  },
  {
    chain: 'auto',
    submitterMsp: 'BremsTechMSP',
    title: 'BremsTech receives coil C117-01, stamps it into calipers and ships them to Autowerk',
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-02T08:00:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [COILS[0]],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: sgln('4098765.00002.0'),
        bizLocation: sgln('4098765.00002.0'),
        sourceList: [{ type: 'owning_party', source: party('0614141') }],
        destinationList: [{ type: 'owning_party', destination: party('4098765') }],
      },
      {
        type: 'TransformationEvent',
        eventTime: '2026-10-03T13:30:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        inputEPCList: [COILS[0]],
        outputEPCList: CALIPERS,
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: sgln('4098765.00002.PR7'),
        bizLocation: sgln('4098765.00002.0'),
      },
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-04T07:00:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: CALIPERS,
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: sgln('4098765.00002.D1'),
        sourceList: [{ type: 'owning_party', source: party('4098765') }],
        destinationList: [{ type: 'owning_party', destination: party('4012345') }],
      },
    ],
  },
  {
    chain: 'auto',
    submitterMsp: 'AutowerkMSP',
    title: 'Autowerk receives the calipers and fits two of them to a vehicle',
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-05T10:00:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: CALIPERS,
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: sgln('4012345.00029.0'),
        bizLocation: sgln('4012345.00029.0'),
        sourceList: [{ type: 'owning_party', source: party('4098765') }],
        destinationList: [{ type: 'owning_party', destination: party('4012345') }],
      },
      {
        type: 'ObjectEvent',
        eventTime: '2026-10-08T06:45:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        epcList: [VEHICLE],
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: sgln('4012345.00029.EOL1'),
        bizLocation: sgln('4012345.00029.0'),
      },
      {
        type: 'AssociationEvent',
        eventTime: '2026-10-08T07:30:00.000+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: VEHICLE,
        childEPCs: CALIPERS.slice(0, 2),
        action: 'ADD',
        bizStep: 'assembling',
        disposition: 'active',
        readPoint: sgln('4012345.00029.FA3'),
        bizLocation: sgln('4012345.00029.0'),
      },
    ],
  },
];

/** The objects whose pages the demo prints at start. */
export const DEMO_HIGHLIGHTS = {
  pharmaPack: PACKS[0],
  steelCoil: COILS[0],
  steelHeat: HEAT,
  vehicle: VEHICLE,
} as const;
