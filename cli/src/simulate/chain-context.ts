import type { SeededRandom } from './seeded-random.js';
import type { Actor, SimulationBuilder } from './simulation-builder.js';
import type { Industry, SimProduct } from './simulation.model.js';

/** A product and what the chains need to make identifiers and facts for it. */
export interface CatalogueProduct {
  readonly product: SimProduct;
  readonly owner: Actor;
  readonly itemReference: number;
}

export interface PharmaProduct extends CatalogueProduct {
  readonly minCelsius: number;
  readonly maxCelsius: number;
}

export type SteelGrade = 'S355J2' | 'DC04';

export interface SteelProducts {
  readonly grade: SteelGrade;
  readonly heat: CatalogueProduct;
  readonly slab: CatalogueProduct;
  readonly coil: CatalogueProduct;
}

export interface PharmaParties {
  readonly makers: readonly { readonly actor: Actor; readonly products: readonly PharmaProduct[] }[];
  readonly distributors: readonly Actor[];
  readonly pharmacies: readonly Actor[];
}

export interface SteelParties {
  readonly works: readonly { readonly actor: Actor; readonly grades: readonly SteelProducts[] }[];
  readonly serviceCentres: readonly Actor[];
}

export interface AutoParties {
  readonly stampers: readonly {
    readonly actor: Actor;
    readonly plate: CatalogueProduct;
    readonly blank: CatalogueProduct;
    readonly bolt: CatalogueProduct;
  }[];
  readonly moduleMakers: readonly { readonly actor: Actor; readonly module: CatalogueProduct }[];
  readonly oems: readonly {
    readonly actor: Actor;
    readonly models: readonly (CatalogueProduct & { readonly vds: string })[];
    readonly wmi: string;
    readonly plant: string;
  }[];
  readonly dealers: readonly Actor[];
}

/** A coil left at the steelworks for an automotive stamper to buy (the cross-industry link). */
export interface PooledCoil {
  readonly epc: string;
  readonly works: Actor;
  /** The event that made it; the shipment builds on it. */
  readonly madeSeq: number;
  readonly readyMs: number;
}

/** An object whose holder is settled at the end of its run: someone else acting on it breaks custody. */
export interface NotHeldCandidate {
  readonly kind: 'NOT_CUSTODIAN';
  readonly chain: Industry;
  readonly epc: string;
  readonly holder: Actor;
  /** Who could pretend to hold it (organisations of the same tier). */
  readonly impostors: readonly Actor[];
  readonly lastSeq: number;
  readonly lastMs: number;
  readonly verb: 'shipping' | 'dispensing' | 'retail_selling';
}

/** A shipment to one organisation that another tries to receive. */
export interface WrongReceiverCandidate {
  readonly kind: 'WRONG_RECEIVER';
  readonly chain: Industry;
  readonly epc: string;
  readonly sender: Actor;
  readonly receiver: Actor;
  readonly impostors: readonly Actor[];
  readonly shipSeq: number;
  readonly shipMs: number;
  readonly receiveSeq: number;
  readonly receiveMs: number;
}

export type ViolationCandidate = NotHeldCandidate | WrongReceiverCandidate;

export interface ChainContext {
  readonly builder: SimulationBuilder;
  readonly random: SeededRandom;
  readonly excursionRate: number;
  readonly outOfSpecRate: number;
  /** Coils waiting for stamping; only filled when steel and automotive run together. */
  readonly coilPool: PooledCoil[];
  readonly crossIndustry: boolean;
  readonly candidates: ViolationCandidate[];
}

export const others = (all: readonly Actor[], one: Actor): Actor[] => all.filter((a) => a.org.mspId !== one.org.mspId);
