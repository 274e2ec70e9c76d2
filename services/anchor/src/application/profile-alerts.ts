import {
  canonicalObjectId,
  inspectionDocumentOf,
  parseIdentifier,
  profileFindings,
  temperatureReadings,
  type ProfileFinding,
  type RecordedEvent,
} from '@lotledger/domain';
import {
  hasFreshRegistryReads,
  type AlertToRaise,
  type AnchoredEvent,
  type GenealogyEdge,
  type JsonValue,
  type ObjectState,
  type Product,
  type ReadModelReader,
  type RegistryStore,
  type StoredEvent,
} from '@lotledger/store';

/**
 * What the projection reads to put a finding in context: the product master data (industry, storage
 * range, owner), a container's contents and their commissioning (the lot's storage range in ilmd).
 */
export type AlertContextReader = Pick<ReadModelReader, 'trace' | 'queryEvents' | 'getObject'> & Pick<RegistryStore, 'getProduct'>;

/** The store the anchor writes to may also serve the reads above (the real ReadModelStore does; test doubles may not). */
export function hasAlertContext(store: object): store is AlertContextReader {
  return ['trace', 'queryEvents', 'getObject', 'getProduct'].every(
    (name) => typeof (store as Record<string, unknown>)[name] === 'function',
  );
}

/** Pack → case → pallet → container: a reading on a container is about the products inside. */
const CONTAINER_DEPTH = 3;
/** Contents whose commissioning is read for a lot storage range. */
const CONTENT_SAMPLE = 50;

interface Subject {
  readonly objectId: string;
  readonly product: Product | null;
  /** Anchored events that may carry the storage range: the commissioning of the object or its contents. */
  readonly context: readonly RecordedEvent[];
}

function gtinOf(id: string): string | undefined {
  const parsed = parseIdentifier(id);
  return parsed.ok && parsed.value.primaryKey.ai === '01' ? parsed.value.primaryKey.value : undefined;
}

function ilmdOf(event: JsonValue): unknown {
  return typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>)['ilmd'] : undefined;
}

/** Only events that carry a value a profile checks cost any reads: a temperature report, or a certificate. */
function carriesProfileValues(event: JsonValue): { readonly readings: boolean; readonly certificate: boolean } {
  return { readings: temperatureReadings(event).length > 0, certificate: inspectionDocumentOf(ilmdOf(event)) !== undefined };
}

/** How far a value lies outside its limits: of two findings with one key, the worse is kept. */
function excess(f: ProfileFinding): number {
  if (f.limit.max !== undefined && f.observed > f.limit.max) return f.observed - f.limit.max;
  if (f.limit.min !== undefined && f.observed < f.limit.min) return f.limit.min - f.observed;
  return 0;
}

/**
 * The alerts of a batch (issue 7 §1, §3): the domain's `profileFindings` — the same rules the GraphQL
 * `profileFindings` and the consumer page apply — run on each anchored event that carries sensor readings
 * or an inspection certificate, with the master data of the products it names (for a container, of its
 * contents). One alert per (event, code, field), about the first object the event names that raises it;
 * of several readings of one event, the one furthest outside the range.
 *
 * Reads the read model as it stands before the batch, plus the batch's own edges and events (a case
 * packed and read in one batch). A finding's rules are pure; a read that fails throws, so the batch is
 * redelivered rather than stored without its alerts.
 */
export class ProfileAlerts {
  constructor(private readonly reader: AlertContextReader) {}

  async of(
    events: readonly AnchoredEvent[],
    edges: readonly GenealogyEdge[],
    objectStates: readonly ObjectState[],
  ): Promise<AlertToRaise[]> {
    const anchored = events.filter((e) => e.status === 'anchored');
    const candidates = anchored.flatMap((e) => {
      const carries = carriesProfileValues(e.event);
      return carries.readings || carries.certificate ? [{ event: e, readings: carries.readings }] : [];
    });
    if (candidates.length === 0) return [];
    // One read per product and per subject in the batch, however many events name them; products from the
    // store's kept registry lookups when it has them (read again only after a registration changed something).
    const registry: Pick<RegistryStore, 'getProduct'> = hasFreshRegistryReads(this.reader)
      ? await this.reader.freshRegistryReads()
      : this.reader;
    const products = new Map<string, Promise<Product | null>>();
    const productOf = (gtin: string): Promise<Product | null> => {
      let found = products.get(gtin);
      if (found === undefined) {
        found = registry.getProduct(gtin);
        products.set(gtin, found);
      }
      return found;
    };
    const subjects = new Map<string, Promise<Subject>>();
    const subjectOf = (objectId: string, readings: boolean): Promise<Subject> => {
      const key = `${readings ? 'r' : 'c'}${objectId}`;
      let found = subjects.get(key);
      if (found === undefined) {
        found = this.#subject(objectId, readings, edges, anchored, productOf);
        subjects.set(key, found);
      }
      return found;
    };
    const custodians = new Map(objectStates.map((s) => [s.id, s.custodianMsp ?? null]));
    // Events are independent of each other: their reads run together (the pool, or PGlite's queue, bounds them).
    const perEvent = await Promise.all(
      candidates.map(async ({ event, readings }) => {
        const byKey = new Map<string, { finding: ProfileFinding; subject: Subject }>();
        for (const objectId of subjectIds(event)) {
          const subject = await subjectOf(objectId, readings);
          const recorded: RecordedEvent[] = [{ event: event.event, ref: event.hashId }, ...subject.context];
          for (const finding of profileFindings(recorded, subject.product)) {
            if (finding.eventRef !== event.hashId) continue;
            const key = `${finding.code}\u0000${finding.field}`;
            const held = byKey.get(key);
            // The first object that raises a finding names the alert; a worse reading of it replaces the value.
            if (held === undefined) byKey.set(key, { finding, subject });
            else if (excess(finding) > excess(held.finding)) byKey.set(key, { finding, subject: held.subject });
          }
        }
        const alerts: AlertToRaise[] = [];
        for (const { finding, subject } of byKey.values()) {
          const ownerMsp = subject.product?.ownerMsp ?? (await this.#custodian(subject.objectId, custodians));
          alerts.push({
            eventHashId: event.hashId,
            objectId: subject.objectId,
            gtin: subject.product?.gtin ?? null,
            industry: finding.industry,
            code: finding.code,
            message: finding.message,
            field: finding.field,
            observed: finding.observed,
            limitMin: finding.limit.min ?? null,
            limitMax: finding.limit.max ?? null,
            unit: finding.unit,
            source: finding.source,
            ownerMsp,
            eventTime: validInstant(finding.eventTime) ?? event.facts.eventTime,
          });
        }
        return alerts;
      }),
    );
    return perEvent.flat();
  }

  async #subject(
    objectId: string,
    readings: boolean,
    batchEdges: readonly GenealogyEdge[],
    batchEvents: readonly AnchoredEvent[],
    productOf: (gtin: string) => Promise<Product | null>,
  ): Promise<Subject> {
    const gtin = gtinOf(objectId);
    if (gtin !== undefined) {
      const product = await productOf(gtin);
      // A certificate travels in the event itself; only readings need the lot's storage range.
      return { objectId, product, context: readings ? await this.#commissioning([objectId], batchEvents) : [] };
    }
    const contents = await this.#contents(objectId, batchEdges);
    const firstGtin = contents.map(gtinOf).find((g) => g !== undefined);
    if (firstGtin === undefined) return { objectId, product: null, context: [] };
    const items = contents.filter((c) => gtinOf(c) === firstGtin).slice(0, CONTENT_SAMPLE);
    return { objectId, product: await productOf(firstGtin), context: readings ? await this.#commissioning(items, batchEvents) : [] };
  }

  /** What a container holds (aggregation, depth ≤ 3), from the read model and this batch. Sorted, distinct. */
  async #contents(containerId: string, batchEdges: readonly GenealogyEdge[]): Promise<string[]> {
    const trace = await this.reader.trace(containerId, 'upstream', CONTAINER_DEPTH);
    const childrenOf = new Map<string, string[]>();
    for (const e of [...trace.edges, ...batchEdges])
      if (e.kind === 'aggregation') childrenOf.set(e.parentId, [...(childrenOf.get(e.parentId) ?? []), e.childId]);
    const seen = new Set<string>([containerId]);
    let level = [containerId];
    for (let depth = 0; depth < CONTAINER_DEPTH && level.length > 0; depth += 1) {
      const next: string[] = [];
      for (const id of level)
        for (const child of childrenOf.get(id) ?? [])
          if (!seen.has(child)) {
            seen.add(child);
            next.push(child);
          }
      level = next;
    }
    seen.delete(containerId);
    return [...seen].sort();
  }

  /** The commissioning of these objects (or of their lot), stored or in this batch: where a lot's storage range is. */
  async #commissioning(ids: readonly string[], batchEvents: readonly AnchoredEvent[]): Promise<RecordedEvent[]> {
    const wanted = new Set(ids);
    const inBatch = batchEvents.filter(
      (e) => /(^|[:/])commissioning$/.test(e.facts.bizStep ?? '') && e.facts.objects.some((o) => wanted.has(o.objectId)),
    );
    const stored = await this.reader.queryEvents(
      { MATCH_anyEPC: [...ids], EQ_bizStep: ['commissioning'] },
      { first: 1, statuses: ['anchored'] },
    );
    const byHash = new Map<string, RecordedEvent>();
    for (const e of [...inBatch, ...stored.events] as readonly (AnchoredEvent | StoredEvent)[])
      byHash.set(e.hashId, { event: e.event, ref: e.hashId });
    return [...byHash.values()];
  }

  async #custodian(objectId: string, custodians: ReadonlyMap<string, string | null>): Promise<string | null> {
    const known = custodians.get(objectId);
    if (known !== undefined) return known;
    return (await this.reader.getObject(objectId))?.custodianMsp ?? null;
  }
}

/** Objects an event names that a finding can be about: all but transformation inputs, canonical, in event order. */
function subjectIds(event: AnchoredEvent): string[] {
  const ids = event.facts.objects.filter((o) => o.role !== 'input').map((o) => canonicalObjectId(o.objectId));
  return [...new Set(ids)];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A reading's own time when it is an instant the database can store; else the event's time is used. */
function validInstant(time: string | undefined): string | undefined {
  return time !== undefined && ISO_INSTANT.test(time) && !Number.isNaN(Date.parse(time)) ? time : undefined;
}
