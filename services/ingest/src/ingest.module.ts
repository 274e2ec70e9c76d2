import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventBus } from '@lotledger/bus';
import { EVENT_BUS, LOGGER, METRICS, PIPELINE_TOPIC_SPECS, READ_MODEL, type Logger, type PipelineMetrics } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import { CaptureService } from './capture/capture.service.js';
import { AuthController } from './http/auth.controller.js';
import { CaptureController } from './http/capture.controller.js';
import { CAPTURE_SERVICE } from './ingest.tokens.js';
import { KafkaIntake, type KafkaIntakeOptions } from './intake/kafka-intake.consumer.js';

export const KAFKA_INTAKE = Symbol.for('lotledger.ingest.KAFKA_INTAKE');

export interface IngestModuleOptions {
  /** Run the lotledger.events.raw consumer (default true). */
  readonly intake?: boolean;
  readonly intakeOptions?: KafkaIntakeOptions;
}

/** Creates the pipeline topics, then starts the intake consumer; stops it before the bus closes. */
@Injectable()
class IngestLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(KAFKA_INTAKE) private readonly intake: KafkaIntake | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics(PIPELINE_TOPIC_SPECS);
    await this.intake?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.intake?.stop();
  }
}

/**
 * The ingest service: EPCIS capture over REST, the signed Kafka intake, and the token endpoints.
 * Needs the platform's InfrastructureModule (APP_CONFIG, LOGGER, METRICS, EVENT_BUS, READ_MODEL) and
 * @lotledger/auth's AuthModule (the guard and AUTH_RUNTIME) in the same application, and
 * `configureIngestHttp(app, …)` before `app.init()` (strict JSON, size limit, GS1 headers).
 */
@Module({})
export class IngestModule {
  static forRoot(options: IngestModuleOptions = {}): DynamicModule {
    return {
      module: IngestModule,
      global: true,
      controllers: [CaptureController, AuthController],
      providers: [
        {
          provide: CAPTURE_SERVICE,
          useFactory: (store: ReadModelStore, bus: EventBus, logger: Logger, metrics: PipelineMetrics) =>
            new CaptureService(store, bus, logger.child({ component: 'capture' }), metrics),
          inject: [READ_MODEL, EVENT_BUS, LOGGER, METRICS],
        },
        {
          provide: KAFKA_INTAKE,
          useFactory: (bus: EventBus, store: ReadModelStore, capture: CaptureService, logger: Logger, metrics: PipelineMetrics) =>
            options.intake === false
              ? null
              : new KafkaIntake(bus, store, capture, logger.child({ component: 'intake' }), metrics, options.intakeOptions),
          inject: [EVENT_BUS, READ_MODEL, CAPTURE_SERVICE, LOGGER, METRICS],
        },
        IngestLifecycle,
      ],
      exports: [CAPTURE_SERVICE],
    };
  }
}
