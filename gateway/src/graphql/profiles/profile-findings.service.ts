import { Inject, Injectable } from '@nestjs/common';
import { canonicalObjectId, parseIdentifier, profileFindings, type ProfileFinding, type RecordedEvent } from '@lotledger/domain';
import { READ_MODEL } from '@lotledger/platform';
import type { GenealogyEdge, Product, ReadModelStore, StoredEvent, StoredObject } from '@lotledger/store';

/** Most events read for one object's findings (its own, its containers', its children's commissioning). */
const EVENT_LIMIT = 500;
/** Pack → case → pallet → container: readings taken on any of them count for the pack. */
const CONTAINER_DEPTH = 3;

export interface ObjectFindings {
  readonly id: string;
  readonly product: Product | null;
  readonly object: StoredObject | null;
  /** Whose findings these are: the product's registered owner, else the object's custodian. */
  readonly ownerMsp: string | null;
  readonly findings: readonly ProfileFinding[];
}

function gtinOf(id: string): string | undefined {
  const parsed = parseIdentifier(id);
  return parsed.ok && parsed.value.primaryKey.ai === '01' ? parsed.value.primaryKey.value : undefined;
}

function isClassId(id: string): boolean {
  const parsed = parseIdentifier(id);
  return parsed.ok && (parsed.value.kind === 'lgtin' || parsed.value.kind === 'gtin');
}

/**
 * Profile findings are DERIVED, not stored: they are a pure function (the domain's `profileFindings`)
 * of an object's anchored events and its product's master data, evaluated when asked. So a corrected
 * storage range or grade table applies to every past reading, and capture pays nothing for them.
 */
@Injectable()
export class ProfileFindingsService {
  constructor(@Inject(READ_MODEL) private readonly store: ReadModelStore) {}

  /** Null when the read model knows nothing of the object. */
  async of(rawId: string): Promise<ObjectFindings | null> {
    const id = canonicalObjectId(rawId);
    const gtin = gtinOf(id);
    // Genealogy direction: a container is DOWNSTREAM of what it holds (a recall of the pack reaches the
    // case), its contents upstream. Classes (lots, heats) are never packed, so they skip the walk.
    const itemLevel = !isClassId(id);
    const [object, ownProduct, downstream, upstream] = await Promise.all([
      this.store.getObject(id),
      gtin === undefined ? Promise.resolve(null) : this.store.getProduct(gtin),
      itemLevel ? this.store.trace(id, 'downstream', CONTAINER_DEPTH) : Promise.resolve(undefined),
      itemLevel ? this.store.trace(id, 'upstream', 1) : Promise.resolve(undefined),
    ]);
    const containers = aggregationAncestors(id, downstream?.edges ?? []);
    const children = (upstream?.edges ?? []).filter((e) => e.parentId === id && e.kind === 'aggregation').map((e) => e.childId);
    const page = { first: EVENT_LIMIT, statuses: ['anchored'] as const };
    const [own, asClass, childCommissioning] = await Promise.all([
      this.store.queryEvents({ MATCH_anyEPC: [id, ...containers] }, page),
      isClassId(id) ? this.store.queryEvents({ MATCH_anyEPCClass: [id] }, page) : Promise.resolve({ events: [], nextCursor: null }),
      // A case has no product of its own: its packs' commissioning names their storage range and product.
      children.length === 0
        ? Promise.resolve({ events: [], nextCursor: null })
        : this.store.queryEvents(
            { MATCH_epc: children.slice(0, EVENT_LIMIT), EQ_bizStep: ['commissioning'] },
            { first: 1, statuses: ['anchored'] },
          ),
    ]);
    const byHash = new Map<string, StoredEvent>();
    for (const e of [...own.events, ...asClass.events, ...childCommissioning.events]) byHash.set(e.hashId, e);
    if (object === null && byHash.size === 0) return null;
    const childGtin = children.map(gtinOf).find((g) => g !== undefined);
    const product = ownProduct ?? (childGtin === undefined ? null : await this.store.getProduct(childGtin));
    const events: RecordedEvent[] = [...byHash.values()].map((e) => ({ event: e.event, ref: e.hashId }));
    return {
      id,
      product,
      object,
      ownerMsp: product?.ownerMsp ?? object?.custodianMsp ?? null,
      findings: profileFindings(events, product),
    };
  }
}

/** Every container above `id` through aggregation edges (not transformation inputs nor assemblies). */
function aggregationAncestors(id: string, edges: readonly GenealogyEdge[]): string[] {
  const parentsOf = new Map<string, string[]>();
  for (const e of edges) if (e.kind === 'aggregation') parentsOf.set(e.childId, [...(parentsOf.get(e.childId) ?? []), e.parentId]);
  const seen = new Set<string>([id]);
  const queue = [id];
  for (let next = queue.shift(); next !== undefined; next = queue.shift())
    for (const parent of parentsOf.get(next) ?? [])
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
  seen.delete(id);
  return [...seen];
}
