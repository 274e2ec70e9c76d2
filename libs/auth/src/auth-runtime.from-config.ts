import { resolve } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth.module.js';
import { createAuthRuntime, type AuthRuntime } from './auth.runtime.js';
import { loadSigningKeyFile } from './signing-key.loader.js';
import { APP_CONFIG, READ_MODEL, type AppConfig } from '@lotledger/platform';
import type { ReadModelStore, RegistryStore } from '@lotledger/store';

/**
 * The auth runtime from configuration. The signing key is generated on first start only at its
 * embedded default place (`<data>/keys/auth-signing.pem`); a key file the operator named must exist.
 * An external issuer (AUTH_JWKS_URL) is trusted for tokens whose `iss` is `auth.jwksIssuer` when the
 * configuration has one, else AUTH_ISSUER.
 */
export async function authRuntimeFromConfig(
  config: AppConfig,
  registry: Pick<RegistryStore, 'getOrganisationByClientId'>,
): Promise<AuthRuntime> {
  const embeddedKey = resolve(config.dataDir, 'keys', 'auth-signing.pem');
  const signingKey = await loadSigningKeyFile(config.auth.signingKeyFile, { createIfMissing: config.auth.signingKeyFile === embeddedKey });
  const jwksIssuer = (config.auth as { readonly jwksIssuer?: string }).jwksIssuer;
  return createAuthRuntime({
    signingKey,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    registry,
    ...(config.auth.jwksUrl === undefined
      ? {}
      : { external: { jwks: new URL(config.auth.jwksUrl), issuer: jwksIssuer ?? config.auth.issuer } }),
  });
}

/**
 * AuthModule (guard + runtime) built from the shared APP_CONFIG and READ_MODEL: import once per
 * application — ingest alone, the gateway alone, or `lotledger start` composing both.
 */
export function configuredAuthModule(): DynamicModule {
  return AuthModule.forRootAsync({
    inject: [APP_CONFIG, READ_MODEL],
    useFactory: (config: AppConfig, store: ReadModelStore) => authRuntimeFromConfig(config, store),
  });
}
