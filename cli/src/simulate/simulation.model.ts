/** What the simulator generates: master data, then events in time order, grouped into captures. */

export type Industry = 'pharma' | 'auto' | 'steel';
export type IndustryChoice = Industry | 'all';
export const INDUSTRY_CHOICES: readonly IndustryChoice[] = ['pharma', 'auto', 'steel', 'all'];

export type OrganisationRole = 'manufacturer' | 'supplier' | 'distributor' | 'retailer' | 'regulator';

export interface SimOrganisation {
  readonly mspId: string;
  readonly name: string;
  readonly role: OrganisationRole;
  readonly companyPrefixes: readonly string[];
}

export interface SimLocation {
  /** The site as an SGLN URN (extension 0). */
  readonly sgln: string;
  readonly gln: string;
  readonly name: string;
  readonly ownerMsp: string;
  readonly city: string;
  readonly country: string;
}

export interface SimProduct {
  readonly gtin: string;
  /** The EPC pattern of the product's serials (how the demo keys its products). */
  readonly epcClass: string;
  readonly name: string;
  readonly industry: Industry;
  readonly ownerMsp: string;
  readonly publicAttributes: Readonly<Record<string, string>>;
}

export type EpcisEventJson = Readonly<Record<string, unknown>>;

/** Why the ledger is expected to refuse a deliberately wrong event. */
export type ExpectedRejection = 'NOT_CUSTODIAN' | 'WRONG_RECEIVER';

export interface SimEvent {
  /** Position in generation order; `after` refers to these. */
  readonly seq: number;
  readonly chain: Industry;
  readonly submitterMsp: string;
  /** eventTime in epoch milliseconds, for ordering. */
  readonly timeMs: number;
  readonly event: EpcisEventJson;
  /** Events (by seq) that must be anchored before this one is captured: the hand-overs it builds on. */
  readonly after: readonly number[];
  /** Set on the deliberate custody violations. */
  readonly expectedRejection?: ExpectedRejection;
}

/** One EPCIS document, sent by one organisation. */
export interface SimCapture {
  readonly index: number;
  readonly submitterMsp: string;
  readonly events: readonly SimEvent[];
  /** Captures (by index) of other organisations that must be anchored before this one is sent. */
  readonly after: readonly number[];
}

export interface SimulationOptions {
  readonly industry: IndustryChoice;
  /** Roughly the number of events: whole chain runs are added until at least this many exist. */
  readonly scale: number;
  readonly seed: string;
  /** Share of deliberate custody violations among all events (default 0.02). */
  readonly violationRate?: number;
  /** Share of cold-chain readings outside the product's storage range (default 0.1). */
  readonly excursionRate?: number;
  /** Share of steel inspection certificates with a value outside the grade's limits (default 0.1). */
  readonly outOfSpecRate?: number;
  /** Most events in one capture (default 100). */
  readonly maxEventsPerCapture?: number;
  /** Also replay the demo's fixed story (pharma pack, heat H24-117, a vehicle) before the generated chains. */
  readonly story?: boolean;
  /**
   * Also generate one deep steel → automotive genealogy (a heat cast into slabs, rolled into coils, slit
   * into blanks, stamped into plates, assembled into brake modules fitted to vehicles: about 1,000
   * objects descend from the heat), for the gateway's trace benchmark. Adds the steel and automotive
   * parties when the industry does not have them.
   */
  readonly deepGenealogy?: boolean;
}

export interface Simulation {
  readonly options: Required<Omit<SimulationOptions, 'story' | 'deepGenealogy'>> & {
    readonly story: boolean;
    readonly deepGenealogy?: true;
  };
  readonly organisations: readonly SimOrganisation[];
  readonly locations: readonly SimLocation[];
  readonly products: readonly SimProduct[];
  /** Every event, in time order. */
  readonly events: readonly SimEvent[];
  /** The events grouped into documents, in the order they are sent. */
  readonly captures: readonly SimCapture[];
  /** With `deepGenealogy`: the heat (an EPC class) every object of the deep genealogy descends from. */
  readonly genealogyRoot?: string;
}

export const REGULATOR_MSP = 'RegulatorMSP';
