/** Nest DI tokens of the auth module. */
export const TOKEN_VERIFIER = Symbol.for('lotledger.auth.TOKEN_VERIFIER');
export const TOKEN_ISSUER = Symbol.for('lotledger.auth.TOKEN_ISSUER');
export const CLIENT_AUTHENTICATOR = Symbol.for('lotledger.auth.CLIENT_AUTHENTICATOR');
export const AUTH_RUNTIME = Symbol.for('lotledger.auth.AUTH_RUNTIME');
