// Public surface of @lotledger/auth: tokens (issue, verify, JWKS), client credentials, roles, the Nest
// guard and decorators, the route audit, and verification of signed Kafka intake messages.
export * from './principal.model.js';
export * from './auth.error.js';
export * from './signing-key.loader.js';
export * from './token.issuer.js';
export * from './token.verifier.js';
export * from './client-secret.hasher.js';
export * from './client-credentials.authenticator.js';
export * from './intake-message.verifier.js';
export * from './auth.tokens.js';
export * from './auth.decorators.js';
export * from './auth.guard.js';
export * from './auth.runtime.js';
export * from './auth.module.js';
export * from './route-access.audit.js';
export * from './http-protection.js';
export * from './auth-runtime.from-config.js';
export * from './public-operations.module.js';
