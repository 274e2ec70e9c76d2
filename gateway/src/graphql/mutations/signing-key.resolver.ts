import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '@lotledger/auth';
import { READ_MODEL } from '@lotledger/platform';
import type { JsonValue, ReadModelStore } from '@lotledger/store';
import { calculateJwkThumbprint, importJWK } from 'jose';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import { JsonScalar, type Plain } from '../graphql.models.js';
import { ledgerMspOf } from './caller-organization.js';
import { mutationError } from './mutation-errors.js';
import { SigningKeyModel } from './signing-key.models.js';

/** The only signing algorithm the Kafka intake accepts (libs/auth intake-message.verifier.ts). */
const INTAKE_ALGORITHM = 'ES256';
/** Members of a JWK that only a private key has (RFC 7518 §6.2.2 EC, §6.3.2 RSA, §6.4 oct). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A P-256 coordinate is 32 bytes: 43 base64url characters without padding. */
const P256_COORDINATE_LENGTH = 43;

function invalid(message: string): never {
  throw mutationError('SIGNING_KEY_INVALID', message);
}

function isJsonObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key's public members only, after refusing anything but a public EC P-256 signing key. */
async function publicP256Key(
  jwk: JsonValue,
): Promise<{ readonly kty: 'EC'; readonly crv: 'P-256'; readonly x: string; readonly y: string }> {
  if (!isJsonObject(jwk)) invalid('jwk must be a JSON object (a JWK, RFC 7517)');
  const privateParts = PRIVATE_MEMBERS.filter((m) => m in jwk);
  // Refused before anything else: a private key sent here has leaked, and must not be stored either.
  if (privateParts.length > 0)
    throw mutationError(
      'SIGNING_KEY_PRIVATE',
      `the JWK has private members (${privateParts.join(', ')}): register the public key only, and treat this private key as compromised`,
    );
  if (jwk['kty'] !== 'EC' || jwk['crv'] !== 'P-256')
    throw mutationError(
      'SIGNING_KEY_UNSUPPORTED',
      `the Kafka intake verifies ${INTAKE_ALGORITHM} only: the key must be kty EC with crv P-256, not kty ${JSON.stringify(jwk['kty'] ?? null)} crv ${JSON.stringify(jwk['crv'] ?? null)}`,
    );
  if (jwk['alg'] !== undefined && jwk['alg'] !== INTAKE_ALGORITHM)
    throw mutationError('SIGNING_KEY_UNSUPPORTED', `alg must be ${INTAKE_ALGORITHM} when given, not ${JSON.stringify(jwk['alg'])}`);
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') invalid(`use must be "sig" when given, not ${JSON.stringify(jwk['use'])}`);
  const { x, y } = jwk;
  for (const [name, value] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (typeof value !== 'string' || value.length !== P256_COORDINATE_LENGTH || !BASE64URL.test(value))
      invalid(`${name} must be a P-256 coordinate: 32 bytes as ${String(P256_COORDINATE_LENGTH)} base64url characters`);
  }
  const key = { kty: 'EC', crv: 'P-256', x: x as string, y: y as string } as const;
  try {
    // Importing checks that (x, y) is a point on the curve: a key that cannot verify anything is refused now, not at intake.
    await importJWK(key, INTAKE_ALGORITHM);
  } catch {
    invalid('x and y are not a point on the P-256 curve');
  }
  return key;
}

/**
 * Registration of the public keys an organisation signs its Kafka intake messages with (JWS, ES256;
 * the header's kid names the key). A supplier registers keys of its own organisation; an admin or a
 * regulator of any. Keys are appended — an organisation rotates by adding the new key before it
 * signs with it — and the same key registered twice is kept once: its kid is its RFC 7638 thumbprint.
 */
@Roles('admin')
@Resolver()
export class SigningKeyMutationResolver {
  constructor(@Inject(READ_MODEL) private readonly store: ReadModelStore) {}

  @Roles('admin', 'regulator', 'supplier')
  @Mutation(() => SigningKeyModel, {
    description: "Adds a public EC P-256 key (JWK) to an organisation's Kafka intake signing keys; its kid is the RFC 7638 thumbprint.",
  })
  async registerSigningKey(
    @Args('mspId', { type: () => String }) mspIdArg: string,
    @Args('jwk', { type: () => JsonScalar }) jwk: JsonValue,
    @Context() context: GraphqlContext,
  ): Promise<Plain<SigningKeyModel>> {
    const principal = principalOfContext(context);
    const mspId = mspIdArg.trim();
    if (mspId === '') throw mutationError('BAD_USER_INPUT', 'mspId must name an organisation');
    if (principal.role === 'supplier' && ledgerMspOf(principal) !== mspId)
      throw mutationError('FORBIDDEN', 'a supplier registers signing keys only for its own organisation');
    const key = await publicP256Key(jwk);
    const kid = await calculateJwkThumbprint(key, 'sha256');
    if (isJsonObject(jwk) && jwk['kid'] !== undefined && jwk['kid'] !== kid)
      invalid(`kid must be the key's RFC 7638 thumbprint ${kid} (or left out), not ${JSON.stringify(jwk['kid'])}`);

    const org = await this.store.getOrganisation(mspId);
    if (org === null) throw mutationError('NOT_FOUND', `organisation ${mspId} is not registered`);
    const registered = { ...key, kid };
    const known = org.signingKeys.some((k) => isJsonObject(k) && k['kid'] === kid);
    const signingKeys = known ? org.signingKeys : [...org.signingKeys, registered];
    if (!known) await this.store.upsertOrganisation({ ...org, signingKeys });
    return { mspId, kid, jwk: registered, added: !known, keyCount: signingKeys.length };
  }
}
