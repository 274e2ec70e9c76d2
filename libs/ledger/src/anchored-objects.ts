import type { AnchorBatchAnswer, AnchorBatchInput, ObjectState } from '@lotledger/chaincode';

/** Every object id the accepted events of a batch name, in first-seen order. */
export function objectIdsOfAccepted(batch: AnchorBatchInput, accepted: readonly string[]): string[] {
  const acceptedSet = new Set(accepted);
  const ids = new Set<string>();
  for (const event of batch.events) {
    if (!acceptedSet.has(event.hashId)) continue;
    for (const id of [...event.epcs, ...(event.parentId === undefined ? [] : [event.parentId]), ...event.childEpcs, ...event.inputs, ...event.outputs, ...event.quantityClasses]) ids.add(id);
  }
  return [...ids];
}

/**
 * The resulting object states of an anchored batch: from the contract's answer, or — on a replay,
 * whose stored record has none — read back one object at a time (rare path: replays only).
 */
export async function anchoredObjects(
  answer: AnchorBatchAnswer,
  batch: AnchorBatchInput,
  getObject: (id: string) => Promise<ObjectState | undefined>,
): Promise<readonly ObjectState[]> {
  if (answer.objects !== undefined) return answer.objects;
  const states = await Promise.all(objectIdsOfAccepted(batch, answer.accepted).map((id) => getObject(id)));
  return states.filter((s): s is ObjectState => s !== undefined);
}
