import { Inject, Injectable } from '@nestjs/common';
import { formatDigitalLink, parseIdentifier, type DigitalLinkParts } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import { FreshCoalescer, type RecordKeys, type ReadModelStore, type StoredEvent, type StoredObject } from '@lotledger/store';
import { LedgerVerifier } from './ledger-verification.js';
import type { ProvenanceFacts } from './consumer-view.js';

/** Most events gathered for one object's page (its own and its containers'). */
const EVENT_LIMIT = 500;

/**
 * How long a page's facts are reused at most. Each reuse is first validated against the read model
 * (ReadModelStore.recordVersion over every key the facts were built from), so a new or newly anchored
 * event, a changed object state (recall, quarantine, custody) or a registry change shows at once; the
 * time limit only bounds how long ledger answers (immutable once anchored) are trusted without asking again.
 */
const FACTS_TTL_MS = 30_000;
/** Most cached pages (oldest dropped first). */
const FACTS_CACHE_SIZE = 5_000;

/** Verification outcomes that only change with the read model (status) or never (the ledger is append-only). */
const SETTLED_OUTCOMES: ReadonlySet<string> = new Set(['verified', 'pending', 'rejected']);

interface CachedFacts {
  readonly keys: RecordKeys;
  /** Null when the facts could not be cached (keys learnt only now, or an unsettled ledger answer). */
  readonly version: string | null;
  readonly facts: ProvenanceFacts | null;
  readonly expires: number;
}

function covers(have: readonly string[] | undefined, need: readonly string[] | undefined): boolean {
  const known = new Set(have ?? []);
  return (need ?? []).every((k) => known.has(k));
}

function coversAll(have: RecordKeys, need: RecordKeys): boolean {
  return (
    covers(have.objectIds, need.objectIds) &&
    covers(have.gtins, need.gtins) &&
    covers(have.mspIds, need.mspIds) &&
    covers(have.glns, need.glns)
  );
}

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

/** The GLNs these events and the object name, each with the canonical ids that named it. */
function glnsOf(events: readonly StoredEvent[], object: StoredObject | null): Map<string, string[]> {
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
  return glns;
}

/** Gathers what the resolver and the consumer page show of one identified object, from the read model and the ledger. */
@Injectable()
export class ProvenanceService {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
  ) {}

  readonly #cache = new Map<string, CachedFacts>();
  /** One check (and, when it fails, one gather) per page at a time, shared by the requests that wait for it. */
  readonly #fresh = new FreshCoalescer<ProvenanceFacts | null>();

  /**
   * The facts for a parsed Digital Link, or null when nothing at all is known of it (404). Reused while
   * the read model still records the same about every key they were built from (checked for every
   * request by a check that began after it arrived; concurrent requests share one).
   */
  facts(parts: DigitalLinkParts, options: { readonly includePending: boolean }): Promise<ProvenanceFacts | null> {
    const id = formatDigitalLink({ primaryKey: parts.primaryKey, qualifiers: parts.qualifiers, attributes: [] });
    const cacheKey = `${options.includePending ? 'p' : 'a'} ${id}`;
    return this.#fresh.run(cacheKey, () => this.checkOrGather(cacheKey, id, parts, options));
  }

  private async checkOrGather(
    cacheKey: string,
    id: string,
    parts: DigitalLinkParts,
    options: { readonly includePending: boolean },
  ): Promise<ProvenanceFacts | null> {
    const known = this.#cache.get(cacheKey);
    // The version is read BEFORE the facts are gathered: whatever lands meanwhile makes the next check differ.
    const keys = known?.keys ?? { objectIds: [id] };
    const version = await this.store.recordVersion(keys);
    if (known !== undefined && known.version === version && known.expires > Date.now()) return known.facts;
    return this.gatherAndKeep(cacheKey, id, parts, options, keys, version);
  }

  private async gatherAndKeep(
    cacheKey: string,
    id: string,
    parts: DigitalLinkParts,
    options: { readonly includePending: boolean },
    keys: RecordKeys,
    version: string,
  ): Promise<ProvenanceFacts | null> {
    const { facts, used } = await this.gather(id, parts, options);
    const settled =
      facts === null || facts.events.every((e) => SETTLED_OUTCOMES.has(e.verification.verified ? 'verified' : e.verification.reason));
    this.#cache.delete(cacheKey);
    if (this.#cache.size >= FACTS_CACHE_SIZE) {
      const oldest = this.#cache.keys().next();
      if (oldest.done !== true) this.#cache.delete(oldest.value);
    }
    // Cached for reuse only when the version covered every key the facts were built from; otherwise the
    // keys are kept, and the next request reads their version first and gathers again.
    this.#cache.set(cacheKey, {
      keys: used,
      version: settled && coversAll(keys, used) ? version : null,
      facts,
      expires: Date.now() + FACTS_TTL_MS,
    });
    return facts;
  }

  private async gather(
    id: string,
    parts: DigitalLinkParts,
    options: { readonly includePending: boolean },
  ): Promise<{ facts: ProvenanceFacts | null; used: RecordKeys }> {
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
    const glns = glnsOf(events, object);
    const used: RecordKeys = {
      objectIds: [id, ...containers],
      gtins: key.ai === '01' ? [key.value] : [],
      mspIds: product === null ? [] : [product.ownerMsp],
      glns: [...new Set([...(key.ai === '414' ? [key.value] : []), ...glns.keys()])],
    };
    if (object === null && product === null && location === null && events.length === 0) return { facts: null, used };
    const verifier = new LedgerVerifier(this.ledger, this.store);
    const verified = await Promise.all(events.map(async (stored) => ({ stored, verification: await verifier.verify(stored) })));
    const [places, manufacturer, lotObject] = await Promise.all([
      this.placesOf(glns),
      product === null ? Promise.resolve(null) : this.store.getOrganisation(product.ownerMsp),
      this.lotOf(id, parts, events),
    ]);
    const facts = { id, object, lotObject, product, manufacturer, location, events: verified, edges, places };
    return { facts, used: lotObject === null ? used : { ...used, objectIds: [...used.objectIds, lotObject.id] } };
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
  places(events: readonly StoredEvent[], object: StoredObject | null): Promise<Map<string, string>> {
    return this.placesOf(glnsOf(events, object));
  }

  private async placesOf(glns: ReadonlyMap<string, readonly string[]>): Promise<Map<string, string>> {
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
