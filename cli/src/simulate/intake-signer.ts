import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The one algorithm the Kafka intake verifies (libs/auth intake-message.verifier.ts). */
export const INTAKE_SIGNING_ALGORITHM = 'ES256';

interface OrgKey {
  readonly kid: string;
  readonly publicJwk: JWK;
  readonly privateKey: CryptoKey;
}

/**
 * The simulator's Kafka signing keys: one ES256 key pair per organisation, made for this run and kept in
 * memory (the private keys never leave the process; only the public JWKs are registered). Each message
 * is a compact JWS whose protected header names the organisation (`org`) and the key (`kid`, the RFC 7638
 * thumbprint the gateway registers it under), as the intake expects.
 */
export class IntakeSigner {
  private constructor(private readonly keys: ReadonlyMap<string, OrgKey>) {}

  static async create(mspIds: Iterable<string>): Promise<IntakeSigner> {
    const keys = new Map<string, OrgKey>();
    for (const mspId of mspIds) {
      if (keys.has(mspId)) continue;
      const pair = await generateKeyPair(INTAKE_SIGNING_ALGORITHM);
      const exported = await exportJWK(pair.publicKey);
      const publicJwk: JWK = { kty: exported.kty, crv: exported.crv, x: exported.x, y: exported.y };
      const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
      keys.set(mspId, { kid, publicJwk: { ...publicJwk, kid }, privateKey: pair.privateKey });
    }
    return new IntakeSigner(keys);
  }

  get organisations(): readonly string[] {
    return [...this.keys.keys()];
  }

  /** The public JWK to register for the organisation (kty, crv, x, y, kid). */
  publicJwk(mspId: string): JWK {
    return this.key(mspId).publicJwk;
  }

  kid(mspId: string): string {
    return this.key(mspId).kid;
  }

  /** The document as a compact JWS (UTF-8 bytes), signed with the organisation's key. */
  async sign(mspId: string, document: unknown): Promise<Uint8Array> {
    const { kid, privateKey } = this.key(mspId);
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(document)))
      .setProtectedHeader({ alg: INTAKE_SIGNING_ALGORITHM, kid, org: mspId })
      .sign(privateKey);
    return new TextEncoder().encode(jws);
  }

  private key(mspId: string): OrgKey {
    const key = this.keys.get(mspId);
    if (key === undefined) throw new Error(`no signing key for ${mspId}: it is not an organisation of this simulation`);
    return key;
  }
}
