import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { InfrastructureModule, OperationsModule, type AppConfig, type Logger, type ProvidedAdapters } from '@lotledger/platform';
import { GatewayModule } from './gateway.module.js';
import type { GatewayOptions } from './gateway-options.js';

export interface GatewayAppOptions {
  readonly config: AppConfig;
  readonly gateway: GatewayOptions;
  /** Adapters opened by the caller (tests, one process composing services); the caller closes them. */
  readonly adapters?: ProvidedAdapters;
  readonly logger?: Logger;
}

@Module({})
class GatewayAppModule {
  static forRoot(options: GatewayAppOptions): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        InfrastructureModule.forRoot(options.config, {
          service: 'gateway',
          ...(options.adapters === undefined ? {} : { adapters: options.adapters }),
          ...(options.logger === undefined ? {} : { logger: options.logger }),
        }),
        OperationsModule,
        GatewayModule.forRoot(options.gateway),
      ],
    };
  }
}

/** The gateway alone on Fastify (main.ts and the tests); `lotledger start` composes GatewayModule with the other services instead. */
export async function createGatewayApp(options: GatewayAppOptions): Promise<NestFastifyApplication> {
  // Nest types its options as a class but reads them as plain data (pino logs; Nest's logger is off).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const app = await NestFactory.create<NestFastifyApplication>(GatewayAppModule.forRoot(options), new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  return app;
}
