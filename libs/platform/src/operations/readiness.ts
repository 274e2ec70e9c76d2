import type { EventBus } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';

export interface DependencyStatus {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly checks: { readonly store: DependencyStatus; readonly bus: DependencyStatus; readonly ledger: DependencyStatus };
}

/** What readiness needs of the store: that a trivial query answers. */
export interface Pingable {
  ping(): Promise<boolean>;
}

async function within(ms: number, check: () => Promise<DependencyStatus>): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => {
      resolve({ ok: false, detail: `no answer within ${String(ms)} ms` });
    }, ms);
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Store, bus and ledger reachable — each named with its own status; checked in parallel, each with a deadline. */
export async function checkReadiness(
  deps: { readonly store: Pingable; readonly bus: EventBus; readonly ledger: LedgerPort },
  timeoutMs = 3000,
): Promise<Readiness> {
  const [store, bus, ledger] = await Promise.all([
    within(timeoutMs, async () =>
      (await deps.store.ping()) ? { ok: true, detail: 'answers queries' } : { ok: false, detail: 'does not answer queries' },
    ),
    within(timeoutMs, async () => {
      const h = await deps.bus.health();
      return { ok: h.ok, detail: h.detail };
    }),
    within(timeoutMs, async () => {
      const h = await deps.ledger.health();
      return {
        ok: h.ok,
        detail: h.height === undefined ? `${h.kind}: ${h.detail}` : `${h.kind}: ${h.detail} (height ${String(h.height)})`,
      };
    }),
  ]);
  return { status: store.ok && bus.ok && ledger.ok ? 'ready' : 'not_ready', checks: { store, bus, ledger } };
}
