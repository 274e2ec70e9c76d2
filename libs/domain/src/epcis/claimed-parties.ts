/** Party types through which a submitter claims custody or ownership (CBV 2.0 source/destination types). */
export const PARTY_SOURCE_DEST_TYPES: ReadonlySet<string> = new Set(['owning_party', 'possessing_party']);

/** Business steps at which the submitter is the receiver: it answers for the destination, not the source. */
export const RECEIVING_BIZ_STEPS: ReadonlySet<string> = new Set(['receiving', 'accepting', 'arriving']);

/** The facts the rule reads: the domain's EventFacts and the chaincode's batch facts both fit. */
export interface PartyClaimFacts {
  readonly bizStep?: string | undefined;
  readonly readPoint?: string | undefined;
  readonly bizLocation?: string | undefined;
  readonly sources: readonly { readonly type: string; readonly id: string }[];
  readonly destinations: readonly { readonly type: string; readonly id: string }[];
}

export interface ClaimedParty {
  /** readPoint, bizLocation, sourceList or destinationList. */
  readonly field: 'readPoint' | 'bizLocation' | 'sourceList' | 'destinationList';
  /** Index in the source or destination list. */
  readonly index: number | undefined;
  readonly id: string;
  /** The CBV source/destination type for list entries. */
  readonly type: string | undefined;
}

/**
 * The locations and parties an event's submitter speaks for, and so must own: its readPoint and
 * bizLocation; for a receiving step the owning/possessing destination parties (the sender is the
 * source); otherwise the owning/possessing source parties and source locations. Ingest checks these
 * against the registry and the chaincode against the ledger, with this one definition.
 */
export function claimedParties(facts: PartyClaimFacts): ClaimedParty[] {
  const claimed: ClaimedParty[] = [];
  if (facts.readPoint !== undefined) claimed.push({ field: 'readPoint', index: undefined, id: facts.readPoint, type: undefined });
  if (facts.bizLocation !== undefined) claimed.push({ field: 'bizLocation', index: undefined, id: facts.bizLocation, type: undefined });
  const receiving = facts.bizStep !== undefined && RECEIVING_BIZ_STEPS.has(facts.bizStep);
  const list = receiving ? facts.destinations : facts.sources;
  list.forEach((ref, index) => {
    if (PARTY_SOURCE_DEST_TYPES.has(ref.type) || (!receiving && ref.type === 'location')) {
      claimed.push({ field: receiving ? 'destinationList' : 'sourceList', index, id: ref.id, type: ref.type });
    }
  });
  return claimed;
}
