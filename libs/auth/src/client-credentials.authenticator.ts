import type { Organisation, RegistryStore } from '@lotledger/store';
import { AuthError } from './auth.error.js';
import { hashClientSecret, verifyClientSecret } from './client-secret.hasher.js';
import type { TokenRole } from './principal.model.js';

export interface AuthenticatedClient {
  readonly clientId: string;
  readonly org: Organisation;
  readonly role: TokenRole;
}

/** The organisation's registry role decides the token role: regulators and admins as such, everyone else a supplier. */
export function tokenRoleOf(org: Organisation): TokenRole {
  if (org.role === 'regulator') return 'regulator';
  if (org.role === 'admin') return 'admin';
  return 'supplier';
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) against the registry: the client id names an
 * organisation, the secret is checked against its stored scrypt hash. An unknown client id costs the
 * same work as a wrong secret, so response time does not reveal which ids exist.
 */
export class ClientCredentialsAuthenticator {
  #decoy: Promise<string> | undefined;

  constructor(private readonly registry: Pick<RegistryStore, 'getOrganisationByClientId'>) {}

  async authenticate(clientId: string, secret: string): Promise<AuthenticatedClient> {
    const org = clientId === '' ? null : await this.registry.getOrganisationByClientId(clientId);
    const stored = org?.clientSecretHash ?? null;
    if (org === null || stored === null) {
      this.#decoy ??= hashClientSecret('decoy-secret-for-unknown-clients');
      await verifyClientSecret(secret, await this.#decoy);
      throw new AuthError(401, 'INVALID_CLIENT', 'unknown client or wrong secret');
    }
    if (!(await verifyClientSecret(secret, stored))) throw new AuthError(401, 'INVALID_CLIENT', 'unknown client or wrong secret');
    return { clientId, org, role: tokenRoleOf(org) };
  }
}
