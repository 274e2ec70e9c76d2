/**
 * Who is calling. `consumer` is the anonymous caller (no token: public fields only); the other roles
 * come from a verified token. A supplier is always bound to one organisation (its Fabric MSP id).
 */
export const TOKEN_ROLES = ['supplier', 'regulator', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type Role = 'consumer' | TokenRole;

export interface Principal {
  readonly role: Role;
  /** The token subject (a client id or a person); undefined for consumers. */
  readonly subject: string | undefined;
  /** The organisation's MSP id; always set for suppliers, optional for regulators and admins. */
  readonly org: string | undefined;
  /** Who issued the token (this service or the external issuer). */
  readonly issuer: string | undefined;
}

export const CONSUMER: Principal = Object.freeze({ role: 'consumer', subject: undefined, org: undefined, issuer: undefined });

export function isTokenRole(value: unknown): value is TokenRole {
  return typeof value === 'string' && (TOKEN_ROLES as readonly string[]).includes(value);
}
