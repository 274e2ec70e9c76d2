import { Inject, Injectable } from '@nestjs/common';
import type { ParsedIdentifier } from '@lotledger/domain';
import { READ_MODEL } from '@lotledger/platform';
import type { ReadModelReader, RecallImpact } from '@lotledger/store';
import { ProvenanceService } from '../provenance/provenance.service.js';
import type { LookupResult } from './regulator-page.view.js';

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
    @Inject(READ_MODEL) private readonly store: ReadModelReader,
    @Inject(ProvenanceService) private readonly provenance: ProvenanceService,
  ) {}

  /** Null when nothing at all is known of the key. */
  async lookup(key: ParsedIdentifier, input: string): Promise<LookupResult | null> {
    const facts = await this.provenance.facts(key, { includePending: true });
    if (facts === null) return null;
    const [trace, impact] = await Promise.all([this.store.trace(facts.id, 'both', GRAPH_DEPTH), this.store.recallImpact(facts.id)]);
    return { input, facts, trace, impact };
  }

  recallImpact(key: ParsedIdentifier): Promise<RecallImpact> {
    return this.store.recallImpact(key.digitalLink);
  }
}
