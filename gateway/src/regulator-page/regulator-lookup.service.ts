import { Inject, Injectable } from '@nestjs/common';
import type { ParsedIdentifier } from '@lotledger/domain';
import { READ_MODEL } from '@lotledger/platform';
import type { AlertPage, AlertStore, ReadModelReader, RecallImpact } from '@lotledger/store';
import { TraceCache } from '../provenance/trace-cache.js';
import { ProvenanceService } from '../provenance/provenance.service.js';
import type { LookupResult } from './regulator-page.view.js';

/** Alerts listed per page of the regulator's home. */
export const ALERTS_PAGE = 50;

/** How far the drawn genealogy reaches each way (the store caps any walk at MAX_TRACE_DEPTH). */
export const GRAPH_DEPTH = 12;

/**
 * What the regulator view shows of one key, gathered through the existing readers: the provenance
 * service's facts (history with ledger verification; pending events too, a regulator sees the queue),
 * the store's genealogy walk and its recall impact. Regulators see everything, so no projection.
 */
@Injectable()
export class RegulatorLookupService {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelReader & AlertStore,
    @Inject(ProvenanceService) private readonly provenance: ProvenanceService,
    // The same kept walks as GraphQL's trace and recallImpact: checked on every lookup, walked again only on change.
    @Inject(TraceCache) private readonly traces: TraceCache,
  ) {}

  /** Null when nothing at all is known of the key. */
  async lookup(key: ParsedIdentifier, input: string): Promise<LookupResult | null> {
    const facts = await this.provenance.facts(key, { includePending: true });
    if (facts === null) return null;
    const [trace, impact] = await Promise.all([this.traces.trace(facts.id, 'both', GRAPH_DEPTH), this.traces.recallImpact(facts.id)]);
    return { input, facts, trace, impact };
  }

  /** Every organisation's alerts, newest first (a regulator sees them all). Throws InvalidCursorError on a bad cursor. */
  alerts(after: string | undefined): Promise<AlertPage> {
    return this.store.listAlerts({}, { first: ALERTS_PAGE, ...(after === undefined ? {} : { after }) });
  }

  recallImpact(key: ParsedIdentifier): Promise<RecallImpact> {
    return this.traces.recallImpact(key.digitalLink);
  }
}
