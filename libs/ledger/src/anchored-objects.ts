import type { AnchorBatchAnswer, AnchorBatchInput, ObjectState } from '@lotledger/chaincode';

/** Every object id the accepted events of a batch name, in first-seen order. */
export function objectIdsOfAccepted(batch: AnchorBatchInput, accepted: readonly string[]): string[] {
  const acceptedSet = new Set(accepted);
  const ids = new Set<string>();
  for (const event of batch.events) {
    if (!acceptedSet.has(event.hashId)) continue;
    for (const id of [
      ...event.epcs,
      ...(event.parentId === undefined ? [] : [event.parentId]),
      ...event.childEpcs,
      ...event.inputs,
      ...event.outputs,
      ...event.quantityClasses,
    ])
      ids.add(id);
  }
  return [...ids];
}

/**
 * The ids whose states an anchored batch reports: the changed ids of the contract's answer, or —
 * on a replay, whose stored record has none — every id its accepted events name (sorted, like
 * the answer's).
 */
export function anchoredObjectIds(answer: AnchorBatchAnswer, batch: AnchorBatchInput): readonly string[] {
  return answer.changedObjectIds ?? objectIdsOfAccepted(batch, answer.accepted).sort();
}

/**
 * The states of an anchored batch's objects, read with `GetObjects` in chunks of `chunkSize` ids
 * (the contract answers at most MAX_GET_OBJECTS per call), in id order; unknown ids are left out.
 */
export async function anchoredObjects(
  answer: AnchorBatchAnswer,
  batch: AnchorBatchInput,
  getObjects: (ids: readonly string[]) => Promise<readonly ObjectState[]>,
  chunkSize: number,
): Promise<readonly ObjectState[]> {
  const ids = anchoredObjectIds(answer, batch);
  const states: ObjectState[] = [];
  // Sequential on purpose: chunks are few, and parallel calls would only compete for one peer.
  for (let i = 0; i < ids.length; i += chunkSize) states.push(...(await getObjects(ids.slice(i, i + chunkSize))));
  return states;
}
