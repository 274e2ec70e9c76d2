import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AnchorModule } from '@lotledger/anchor';
import { configuredAuthModule, PublicOperationsModule } from '@lotledger/auth';
import { GatewayModule, type GatewayOptions } from '@lotledger/gateway';
import { configureIngestHttp, IngestModule, IngestProblemFilter } from '@lotledger/ingest';
import { InfrastructureModule, LOGGER, type AppConfig, type Logger } from '@lotledger/platform';

/**
 * The whole of lotledger in one process: ingest (REST capture + the signed Kafka intake), anchor and
 * the gateway over one set of adapters — embedded or real, as the configuration says. This is what
 * `lotledger start` runs; each service also boots alone from its own main.ts.
 */
@Module({})
class LotledgerAppModule {
  static forRoot(config: AppConfig, gateway: GatewayOptions, logger: Logger): DynamicModule {
    return {
      module: LotledgerAppModule,
      imports: [
        InfrastructureModule.forRoot(config, { service: 'lotledger', logger }),
        // /health, /ready and /metrics marked public: probes and Prometheus carry no token.
        PublicOperationsModule,
        configuredAuthModule(),
        IngestModule.forRoot(),
        AnchorModule,
        GatewayModule.forRoot(gateway),
      ],
    };
  }
}

export async function createLotledgerApp(config: AppConfig, gateway: GatewayOptions, logger: Logger): Promise<NestFastifyApplication> {
  // Nest types its options as a class but reads them as plain data (pino writes the lines).
  const app = await NestFactory.create<NestFastifyApplication>(
    LotledgerAppModule.forRoot(config, gateway, logger),
    new FastifyAdapter({ bodyLimit: config.capture.maxBytes }),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    {
      logger: false,
      // Without this Nest exits the process on a module error, silently since its logger is off.
      abortOnError: false,
    },
  );
  configureIngestHttp(app, { maxBytes: config.capture.maxBytes });
  app.useGlobalFilters(new IngestProblemFilter(app.get<Logger>(LOGGER)));
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  return app;
}
