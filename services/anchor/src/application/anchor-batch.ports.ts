import type { EventBus } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';
import type { Logger, PipelineMetrics } from '@lotledger/platform';
import type { ReadModelReader, ReadModelWriter } from '@lotledger/store';

/** What the anchor use case needs: ports only, no broker, Fabric or ORM types. */
export interface AnchorBatchPorts {
  readonly ledger: LedgerPort;
  /**
   * `decidedStatuses`, when given, keeps from the ledger what the read model already holds as final: a copy the
   * anchor put back whose other copy was decided, and an event rejected before and captured again. A store that
   * also serves `trace`, `queryEvents`, `getObject` and `getProduct` (the read model does) gets the batch's
   * industry-profile alerts written with it.
   */
  readonly store: ReadModelWriter & Partial<Pick<ReadModelReader, 'decidedStatuses'>>;
  /** For the dead-letter topic. */
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly metrics: PipelineMetrics;
  /** Milliseconds since the epoch (tests and the bench may pass their own). */
  readonly now?: () => number;
}
