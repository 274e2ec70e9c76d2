import { Inject, Injectable } from '@nestjs/common';
import { formatDigitalLink, parseIdentifier, type DigitalLinkParts } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore, StoredEvent, StoredObject } from '@lotledger/store';
import { LedgerVerifier } from './ledger-verification.js';
import type { ProvenanceFacts } from './consumer-view.js';

/** Most events gathered for one object's page (its own and its containers'). */
const EVENT_LIMIT = 500;

function isObjectJson(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Location ids an event names (business location and source/destination locations), as written. */
function locationIds(event: unknown): string[] {
  if (!isObjectJson(event)) return [];
  const out: string[] = [];
  const loc = event['bizLocation'];
  if (isObjectJson(loc) && typeof loc['id'] === 'string') out.push(loc['id']);
  for (const [field, key] of [
    ['sourceList', 'source'],
    ['destinationList', 'destination'],
  ] as const) {
    const list = event[field];
    if (Array.isArray(list)) for (const e of list) if (isObjectJson(e) && typeof e[key] === 'string') out.push(e[key]);
  }
  return out;
}

function lotNumberOf(event: unknown): string | undefined {
  if (!isObjectJson(event) || !isObjectJson(event['ilmd'])) return undefined;
  for (const [k, v] of Object.entries(event['ilmd'])) if (k.endsWith('lotNumber') && typeof v === 'string') return v;
  return undefined;
}

/** Gathers what the resolver and the consumer page show of one identified object, from the read model and the ledger. */
@Injectable()
export class ProvenanceService {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
  ) {}

  /** The facts for a parsed Digital Link, or null when nothing at all is known of it (404). */
  async facts(parts: DigitalLinkParts, options: { readonly includePending: boolean }): Promise<ProvenanceFacts | null> {
    const id = formatDigitalLink({ primaryKey: parts.primaryKey, qualifiers: parts.qualifiers, attributes: [] });
    const key = parts.primaryKey;
    const [object, product, location] = await Promise.all([
      this.store.getObject(id),
      key.ai === '01' ? this.store.getProduct(key.value) : Promise.resolve(null),
      key.ai === '414' ? this.store.getLocation(key.value) : Promise.resolve(null),
    ]);
    const trace = object === null ? undefined : await this.store.trace(id, 'both', 1);
    const edges = (trace?.edges ?? []).filter((e) => e.childId === id || e.parentId === id);
    const containers = edges.filter((e) => e.childId === id && e.kind !== 'transformation').map((e) => e.parentId);
    const statuses = options.includePending ? (['anchored', 'pending'] as const) : (['anchored'] as const);
    const page = { first: EVENT_LIMIT, statuses };
    const isClass = !parts.qualifiers.some((q) => q.ai === '21') && key.ai === '01';
    const [own, asClass] = await Promise.all([
      this.store.queryEvents({ MATCH_anyEPC: [id, ...containers] }, page),
      isClass ? this.store.queryEvents({ MATCH_epcClass: [id] }, page) : Promise.resolve({ events: [], nextCursor: null }),
    ]);
    const byHash = new Map<string, StoredEvent>();
    for (const e of [...own.events, ...asClass.events]) byHash.set(e.hashId, e);
    const events = [...byHash.values()];
    if (object === null && product === null && location === null && events.length === 0) return null;
    const verifier = new LedgerVerifier(this.ledger, this.store);
    const verified = await Promise.all(events.map(async (stored) => ({ stored, verification: await verifier.verify(stored) })));
    const [places, manufacturer, lotObject] = await Promise.all([
      this.places(events, object),
      product === null ? Promise.resolve(null) : this.store.getOrganisation(product.ownerMsp),
      this.lotOf(id, parts, events),
    ]);
    return { id, object, lotObject, product, manufacturer, location, events: verified, edges, places };
  }

  /** A serialised item's lot (from its commissioning), whose recall or quarantine covers the item. */
  private async lotOf(id: string, parts: DigitalLinkParts, events: readonly StoredEvent[]): Promise<StoredObject | null> {
    if (parts.primaryKey.ai !== '01' || !parts.qualifiers.some((q) => q.ai === '21')) return null;
    const lot = events.map((e) => lotNumberOf(e.event)).find((l) => l !== undefined);
    if (lot === undefined) return null;
    const lotId = formatDigitalLink({ primaryKey: parts.primaryKey, qualifiers: [{ ai: '10', value: lot }], attributes: [] });
    return lotId === id ? null : this.store.getObject(lotId);
  }

  /** Public names of the registered locations these events and the object name, keyed by canonical id. */
  async places(events: readonly StoredEvent[], object: StoredObject | null): Promise<Map<string, string>> {
    const glns = new Map<string, string[]>();
    for (const raw of [
      ...events.flatMap((e) => locationIds(e.event)),
      ...(object?.location === null || object === null ? [] : [object.location]),
    ]) {
      const parsed = parseIdentifier(raw);
      if (!parsed.ok || parsed.value.primaryKey.ai !== '414') continue;
      const gln = parsed.value.primaryKey.value;
      glns.set(gln, [...(glns.get(gln) ?? []), parsed.value.digitalLink]);
    }
    const places = new Map<string, string>();
    await Promise.all(
      [...glns.entries()].map(async ([gln, idsOfGln]) => {
        const location = await this.store.getLocation(gln);
        if (location === null) return;
        places.set(`https://id.gs1.org/414/${gln}`, location.name);
        for (const canonical of idsOfGln) places.set(canonical, location.name);
      }),
    );
    return places;
  }
}
