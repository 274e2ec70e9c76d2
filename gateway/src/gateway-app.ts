import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AUTH_RUNTIME, configuredAuthModule, HttpProtection, PublicOperationsModule, type AuthRuntime } from '@lotledger/auth';
import { InfrastructureModule, OperationsModule, type AppConfig, type Logger, type ProvidedAdapters } from '@lotledger/platform';
import { GatewayModule } from './gateway.module.js';
import type { GatewayOptions } from './gateway-options.js';

export interface GatewayAppOptions {
  readonly config: AppConfig;
  readonly gateway: GatewayOptions;
  /** Adapters opened by the caller (tests, one process composing services); the caller closes them. */
  readonly adapters?: ProvidedAdapters;
  readonly logger?: Logger;
  /**
   * Install the auth guard and runtime from configuration (tokens, roles, the regulator's pages).
   * main.ts does: the gateway alone must know who is asking. Tests that compose their own auth, or
   * none (every caller a consumer), leave it off.
   */
  readonly withAuth?: boolean;
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
        ...(options.withAuth === true ? [configuredAuthModule(), PublicOperationsModule] : [OperationsModule]),
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
  // Per-client rate limits (clients told apart by verified token subject, else IP) and baseline
  // security headers on every answer; HSTS only when the public base URL is https.
  // Asked only when installed: Nest aborts the process on a lookup of a provider that is not there.
  const auth = options.withAuth === true ? app.get<AuthRuntime>(AUTH_RUNTIME) : undefined;
  const protection = new HttpProtection({
    max: options.config.rateLimit.max,
    windowMs: options.config.rateLimit.windowMs,
    hsts: options.gateway.publicBaseUrl.startsWith('https://'),
    ...(auth === undefined ? {} : { verifier: auth.verifier }),
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', protection.onRequest).addHook('onSend', protection.onSend);
  app.enableShutdownHooks();
  return app;
}
