import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import type { AuthRuntime } from './auth.runtime.js';
import { AUTH_RUNTIME, CLIENT_AUTHENTICATOR, TOKEN_ISSUER, TOKEN_VERIFIER } from './auth.tokens.js';

export interface AuthModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: InjectionToken[];
  readonly useFactory: (...args: never[]) => AuthRuntime | Promise<AuthRuntime>;
}

/**
 * Global module: provides the auth runtime (issuer, verifier, client authenticator) and installs
 * `AuthGuard` as the application guard. Import it once per application.
 */
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: AUTH_RUNTIME, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: TOKEN_VERIFIER, useFactory: (r: AuthRuntime) => r.verifier, inject: [AUTH_RUNTIME] },
        { provide: TOKEN_ISSUER, useFactory: (r: AuthRuntime) => r.issuer, inject: [AUTH_RUNTIME] },
        { provide: CLIENT_AUTHENTICATOR, useFactory: (r: AuthRuntime) => r.clients, inject: [AUTH_RUNTIME] },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_RUNTIME, TOKEN_VERIFIER, TOKEN_ISSUER, CLIENT_AUTHENTICATOR],
    };
  }

  static forRoot(runtime: AuthRuntime): DynamicModule {
    return AuthModule.forRootAsync({ useFactory: () => runtime });
  }
}
