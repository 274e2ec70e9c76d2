import { pglnUrn, sglnUrn, gln } from './gs1-identifiers.js';
import type { SeededRandom } from './seeded-random.js';
import type {
  EpcisEventJson,
  ExpectedRejection,
  Industry,
  OrganisationRole,
  SimLocation,
  SimOrganisation,
  SimProduct,
} from './simulation.model.js';

/** An organisation with its one site: who acts in a chain. */
export interface Actor {
  readonly org: SimOrganisation;
  readonly prefix: string;
  readonly site: SimLocation;
  /** UTC offset of the site, e.g. "+01:00". */
  readonly zone: string;
}

export interface MutableEvent {
  readonly seq: number;
  readonly chain: Industry;
  readonly submitterMsp: string;
  readonly timeMs: number;
  readonly event: EpcisEventJson;
  readonly after: number[];
  readonly expectedRejection?: ExpectedRejection;
}

const MINUTE = 60_000;

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = zone.slice(1).split(':');
  return sign * (Number(h) * 60 + Number(m));
}

/** An ISO 8601 time in the site's own offset, as a site's system writes it. */
export function localTime(ms: number, zone: string): string {
  return new Date(ms + zoneMinutes(zone) * MINUTE).toISOString().replace('Z', zone);
}

/** A time cursor through one chain run: each step moves forward by a random but bounded delay. */
export class RunClock {
  constructor(
    private readonly random: SeededRandom,
    public ms: number,
  ) {}

  /** Moves forward between min and max minutes (always at least one) and returns the new time. */
  advance(minMinutes: number, maxMinutes: number): number {
    this.ms += Math.max(1, this.random.int(minMinutes, maxMinutes)) * MINUTE;
    return this.ms;
  }
}

/**
 * Collects organisations, products and events while the chains are generated. Events get their
 * time fields from the acting site; `after` lists the hand-overs (by seq) they build on.
 */
export class SimulationBuilder {
  readonly organisations: SimOrganisation[] = [];
  readonly locations: SimLocation[] = [];
  readonly products: SimProduct[] = [];
  readonly events: MutableEvent[] = [];
  readonly #prefixCounters = new Map<string, number>();
  readonly #itemCounters = new Map<string, number>();
  readonly #serialCounters = new Map<string, number>();

  constructor(readonly random: SeededRandom) {}

  /** Registers an organisation with a fresh company prefix in `range` (4 digits) and one site. */
  organisation(
    range: string,
    name: string,
    mspId: string,
    role: OrganisationRole,
    site: { readonly name: string; readonly city: string; readonly country: string; readonly zone: string },
  ): Actor {
    const n = (this.#prefixCounters.get(range) ?? 0) + 1;
    this.#prefixCounters.set(range, n);
    const prefix = range + String(n).padStart(3, '0');
    const org: SimOrganisation = { mspId, name, role, companyPrefixes: [prefix] };
    const location: SimLocation = {
      sgln: sglnUrn(prefix, 1),
      gln: gln(prefix, 1),
      name: site.name,
      ownerMsp: mspId,
      city: site.city,
      country: site.country,
    };
    this.organisations.push(org);
    this.locations.push(location);
    return { org, prefix, site: location, zone: site.zone };
  }

  /** The next free item reference of an organisation (GTINs of its products). */
  nextItemReference(actor: Actor): number {
    const n = (this.#itemCounters.get(actor.prefix) ?? 0) + 1;
    this.#itemCounters.set(actor.prefix, n);
    return n;
  }

  /** The next number of a named serial sequence (packs of a product, SSCCs of an organisation…). */
  nextSerial(sequence: string): number {
    const n = (this.#serialCounters.get(sequence) ?? 0) + 1;
    this.#serialCounters.set(sequence, n);
    return n;
  }

  product(product: SimProduct): SimProduct {
    this.products.push(product);
    return product;
  }

  /** Adds an event at `timeMs`, said by `actor`; returns its seq. */
  add(
    chain: Industry,
    actor: Actor,
    timeMs: number,
    fields: Readonly<Record<string, unknown>> & { readonly type: string },
    after: readonly number[] = [],
    expectedRejection?: ExpectedRejection,
  ): number {
    const { type, ...rest } = fields;
    const seq = this.events.length;
    this.events.push({
      seq,
      chain,
      submitterMsp: actor.org.mspId,
      timeMs,
      event: { type, eventTime: localTime(timeMs, actor.zone), eventTimeZoneOffset: actor.zone, ...rest },
      after: [...after],
      ...(expectedRejection === undefined ? {} : { expectedRejection }),
    });
    return seq;
  }

  eventAt(seq: number): MutableEvent {
    const e = this.events[seq];
    if (e === undefined) throw new Error(`no event ${String(seq)}`);
    return e;
  }
}

/** The acting site as a readPoint (with a sub-location extension) or bizLocation. */
export const at = (actor: Actor, extension = '0'): { id: string } => ({ id: sglnUrn(actor.prefix, 1, extension) });
export const partyOf = (actor: Actor): string => pglnUrn(actor.prefix);

/** Source and destination owning parties of a hand-over from `from` to `to`. */
export function handOver(from: Actor, to: Actor): Record<string, unknown> {
  return {
    sourceList: [{ type: 'owning_party', source: partyOf(from) }],
    destinationList: [{ type: 'owning_party', destination: partyOf(to) }],
  };
}
