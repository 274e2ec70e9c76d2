import { parseIdentifier } from '@lotledger/domain';
import type { ObjectState as LedgerObjectState } from '@lotledger/ledger';
import type { ObjectState as StoredObjectState } from '@lotledger/store';

const TERMINAL = new Set(['decommissioned', 'destroyed', 'consumed', 'sold', 'dispensed']);

/**
 * The read model's row for a ledger object state — one projection for every writer (the anchor after
 * a batch, the gateway after a hold changes). A recall or quarantine hold shows as the status
 * of a live object (what a consumer or regulator must see first); a terminal status stays as it is.
 * `updatedAt` is when the ledger changed it (the transaction's time), which only grows, so an older batch replayed
 * later never overwrites a newer state.
 */
export function storedObjectState(state: LedgerObjectState, changedAt: string): StoredObjectState {
  const parsed = parseIdentifier(state.id);
  const element = (ai: string): string | null =>
    parsed.ok
      ? parsed.value.primaryKey.ai === ai
        ? parsed.value.primaryKey.value
        : (parsed.value.qualifiers.find((q) => q.ai === ai)?.value ?? null)
      : null;
  const held = state.holds.some((h) => h.kind === 'recall')
    ? 'recalled'
    : state.holds.some((h) => h.kind === 'quarantine')
      ? 'quarantined'
      : undefined;
  return {
    id: state.id,
    kind: parsed.ok ? parsed.value.kind : 'other',
    gtin: element('01'),
    lot: element('10'),
    serial: element('21'),
    status: held !== undefined && !TERMINAL.has(state.status) ? held : state.status,
    custodianMsp: state.classLevel ? null : state.custodian,
    location: state.location ?? null,
    holds: state.holds.map((h) => ({ kind: h.kind, setBy: h.setBy, reason: h.reason, since: h.since })),
    lastEventHash: state.lastEventHash === '' ? null : state.lastEventHash,
    updatedAt: changedAt,
  };
}
