import { parseIdentifier } from '@lotledger/domain';
import type { ObjectState as LedgerObjectState } from '@lotledger/ledger';
import type { ObjectState as StoredObjectState } from '@lotledger/store';

const TERMINAL = new Set(['decommissioned', 'destroyed', 'consumed', 'sold', 'dispensed']);

/**
 * The read model's row for a ledger object state, as the anchor service writes it (a hold shows as
 * the status of a live object). Kept here because an app may not import another app's code.
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
