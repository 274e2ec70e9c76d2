import { parseJson } from '@lotledger/domain';
import type { Organisation } from '@lotledger/store';
import {
  compactVerify,
  decodeProtectedHeader,
  errors,
  flattenedVerify,
  importJWK,
  type FlattenedJWSInput,
  type JWK,
  type ProtectedHeaderParameters,
} from 'jose';
import { AuthError } from './auth.error.js';
import { SIGNING_ALGORITHM } from './signing-key.loader.js';

/** A signed intake message whose signature verified with a key its organisation registered. */
export interface VerifiedIntakeMessage {
  /** The MSP id from the protected header, proven by the signature. */
  readonly org: string;
  readonly kid: string;
  /** The JWS payload: the EPCIS document or event, as UTF-8 bytes. */
  readonly payload: Uint8Array;
}

export type OrganisationLookup = (mspId: string) => Promise<Organisation | null>;

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Proves which organisation sent a Kafka intake message. Each message is a JWS (RFC 7515), compact or
 * flattened JSON, signed ES256; its protected header names the organisation (`org`, an MSP id) and the
 * key (`kid`) among the public JWKs that organisation registered. Only the protected header is trusted:
 * an unprotected `org` or `kid` would not be covered by the signature.
 */
export async function verifyIntakeMessage(
  raw: Uint8Array,
  lookup: OrganisationLookup,
  expectedOrg?: string,
): Promise<VerifiedIntakeMessage> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw).trim();
  } catch {
    throw new AuthError(401, 'JWS_MALFORMED', 'the message is not UTF-8 text');
  }
  const flattened = text.startsWith('{') ? parseFlattened(text) : undefined;
  if (flattened === undefined && !COMPACT.test(text))
    throw new AuthError(401, 'JWS_MALFORMED', 'the message is not a JWS (compact or flattened JSON serialisation)');

  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(flattened ?? text);
  } catch {
    throw new AuthError(401, 'JWS_MALFORMED', 'the JWS protected header cannot be decoded');
  }
  if (header.alg !== SIGNING_ALGORITHM) throw new AuthError(401, 'JWS_ALGORITHM', `the JWS algorithm must be ${SIGNING_ALGORITHM}`);
  const org = header['org'];
  const kid = header.kid;
  if (typeof org !== 'string' || org === '')
    throw new AuthError(401, 'JWS_MALFORMED', "the JWS protected header has no org (the sender's MSP id)");
  if (typeof kid !== 'string' || kid === '') throw new AuthError(401, 'JWS_MALFORMED', 'the JWS protected header has no kid');
  if (expectedOrg !== undefined && expectedOrg !== org) {
    throw new AuthError(403, 'JWS_ORG_MISMATCH', `the message says it comes from ${expectedOrg} but is signed for ${org}`);
  }

  const organisation = await lookup(org);
  if (organisation === null) throw new AuthError(401, 'JWS_UNKNOWN_ORG', `${org} is not a registered organisation`);
  const jwk = organisation.signingKeys.find(
    (k): k is JWK => typeof k === 'object' && k !== null && !Array.isArray(k) && (k as { kid?: unknown }).kid === kid,
  );
  if (jwk === undefined) throw new AuthError(401, 'JWS_UNKNOWN_KEY', `key ${kid} is not registered by ${org}`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d !== undefined) {
    throw new AuthError(401, 'JWS_UNKNOWN_KEY', `key ${kid} of ${org} is not a public EC P-256 key`);
  }

  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, SIGNING_ALGORITHM);
    const options = { algorithms: [SIGNING_ALGORITHM] };
    const result = flattened === undefined ? await compactVerify(text, key, options) : await flattenedVerify(flattened, key, options);
    return { org, kid, payload: result.payload };
  } catch (error: unknown) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      throw new AuthError(401, 'JWS_BAD_SIGNATURE', `the signature does not verify with key ${kid} of ${org}`);
    if (error instanceof errors.JOSEError) throw new AuthError(401, 'JWS_MALFORMED', `the JWS is not acceptable: ${error.code}`);
    throw error;
  }
}

function parseFlattened(text: string): FlattenedJWSInput {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new AuthError(401, 'JWS_MALFORMED', 'the flattened JWS is not valid JSON');
  const v = parsed.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new AuthError(401, 'JWS_MALFORMED', 'the flattened JWS must be a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o['protected'] !== 'string' || typeof o['payload'] !== 'string' || typeof o['signature'] !== 'string') {
    throw new AuthError(401, 'JWS_MALFORMED', 'the flattened JWS needs protected, payload and signature strings');
  }
  if ('signatures' in o) throw new AuthError(401, 'JWS_MALFORMED', 'general JWS serialisation (several signatures) is not accepted');
  return { protected: o['protected'], payload: o['payload'], signature: o['signature'] };
}
