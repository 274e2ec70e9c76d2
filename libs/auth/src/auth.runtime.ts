import type { RegistryStore } from '@lotledger/store';
import { ClientCredentialsAuthenticator } from './client-credentials.authenticator.js';
import type { SigningKey } from './signing-key.loader.js';
import { TokenIssuer } from './token.issuer.js';
import { TokenVerifier, type ExternalIssuerOptions, type TokenVerifierPort } from './token.verifier.js';

/** Everything the HTTP layer needs for authentication, built once at boot. */
export interface AuthRuntime {
  readonly issuer: TokenIssuer;
  readonly verifier: TokenVerifierPort;
  readonly clients: ClientCredentialsAuthenticator;
}

export interface AuthRuntimeOptions {
  readonly signingKey: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  readonly registry: Pick<RegistryStore, 'getOrganisationByClientId'>;
  readonly external?: ExternalIssuerOptions;
  readonly now?: () => number;
}

export function createAuthRuntime(options: AuthRuntimeOptions): AuthRuntime {
  const clock = options.now === undefined ? {} : { now: options.now };
  return {
    issuer: new TokenIssuer(options.signingKey, { issuer: options.issuer, audience: options.audience, ...clock }),
    verifier: new TokenVerifier({
      localKey: options.signingKey,
      issuer: options.issuer,
      audience: options.audience,
      ...(options.external === undefined ? {} : { external: options.external }),
      ...clock,
    }),
    clients: new ClientCredentialsAuthenticator(options.registry),
  };
}
