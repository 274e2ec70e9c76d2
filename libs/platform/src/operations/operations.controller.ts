import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { EventBus } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';
import { EVENT_BUS, LEDGER, METRICS, READ_MODEL } from '../infrastructure/tokens.js';
import type { PipelineMetrics } from '../metrics/pipeline-metrics.js';
import { checkReadiness, type Pingable, type Readiness } from './readiness.js';

/** Liveness, readiness and Prometheus metrics: the same three endpoints on every service. */
@Controller()
export class OperationsController {
  constructor(
    @Inject(READ_MODEL) private readonly store: Pingable,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
    @Inject(METRICS) private readonly metrics: PipelineMetrics,
  ) {}

  /** Alive: the process answers. Never checks dependencies (a restart would not fix them). */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when store, bus and ledger all answer; 503 naming which does not. */
  @Get('ready')
  async ready(): Promise<Readiness> {
    const readiness = await checkReadiness({ store: this.store, bus: this.bus, ledger: this.ledger });
    if (readiness.status !== 'ready') throw new HttpException(readiness, HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
