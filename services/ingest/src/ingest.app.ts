import 'reflect-metadata';
import { InfrastructureModule, LOGGER, type AppConfig, type InfrastructureOptions, type Logger } from '@lotledger/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { configuredAuthModule, PublicOperationsModule } from '@lotledger/auth';
import { IngestProblemFilter } from './http/ingest-problem.filter.js';
import { configureIngestHttp } from './http/strict-json.body-parser.js';
import { IngestModule, type IngestModuleOptions } from './ingest.module.js';

export interface IngestAppOptions extends Partial<Pick<InfrastructureOptions, 'adapters' | 'logger' | 'metrics'>>, IngestModuleOptions {}

@Module({})
class IngestAppModule {
  static forRoot(config: AppConfig, options: IngestAppOptions): DynamicModule {
    const { adapters, logger, metrics, ...ingest } = options;
    return {
      module: IngestAppModule,
      imports: [
        InfrastructureModule.forRoot(config, {
          service: 'ingest',
          ...(adapters === undefined ? {} : { adapters }),
          ...(logger === undefined ? {} : { logger }),
          ...(metrics === undefined ? {} : { metrics }),
        }),
        configuredAuthModule(),
        IngestModule.forRoot(ingest),
        PublicOperationsModule,
      ],
    };
  }
}

/** The ingest service as its own application (main.ts and tests); `app.init()` or `listen` is the caller's. */
export async function createIngestApp(config: AppConfig, options: IngestAppOptions = {}): Promise<NestFastifyApplication> {
  // Nest's own logger is off: pino (LOGGER) writes the service's lines.
  const app = await NestFactory.create<NestFastifyApplication>(
    IngestAppModule.forRoot(config, options),
    new FastifyAdapter({ bodyLimit: config.capture.maxBytes }),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options type is a class; a literal is its documented use
    { logger: false },
  );
  configureIngestHttp(app, { maxBytes: config.capture.maxBytes });
  app.useGlobalFilters(new IngestProblemFilter(app.get<Logger>(LOGGER)));
  app.enableShutdownHooks();
  return app;
}
