import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MSP_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One ECDSA P-256 key pair per organisation, generated on first use into `<data>/keys/`
 * (private key mode 0600). Blocks are signed with the submitting organisation's key and
 * verified with its public key.
 */
export class OrgKeyring {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(private readonly dir: string | undefined) {}

  private paths(mspId: string): { priv: string; pub: string } {
    if (!MSP_ID.test(mspId)) throw new Error(`MSP id ${JSON.stringify(mspId)} is not a valid file name`);
    const dir = this.dir ?? '';
    return { priv: join(dir, `${mspId}.key.pem`), pub: join(dir, `${mspId}.pub.pem`) };
  }

  async privateKey(mspId: string): Promise<KeyObject> {
    const cached = this.privateKeys.get(mspId);
    if (cached !== undefined) return cached;
    let key: KeyObject;
    const paths = this.paths(mspId);
    if (this.dir === undefined) {
      key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    } else {
      try {
        key = createPrivateKey(await readFile(paths.priv));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        await mkdir(this.dir, { recursive: true });
        await writeFile(paths.priv, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        await writeFile(paths.pub, createPublicKey(key).export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
      }
    }
    this.privateKeys.set(mspId, key);
    this.publicKeys.set(mspId, createPublicKey(key));
    return key;
  }

  async publicKey(mspId: string): Promise<KeyObject | undefined> {
    const cached = this.publicKeys.get(mspId);
    if (cached !== undefined) return cached;
    if (this.dir === undefined) return undefined;
    try {
      const key = createPublicKey(await readFile(this.paths(mspId).pub));
      this.publicKeys.set(mspId, key);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async sign(mspId: string, data: Uint8Array): Promise<string> {
    return sign('sha256', data, await this.privateKey(mspId)).toString('base64');
  }

  async verify(mspId: string, data: Uint8Array, signature: string): Promise<boolean> {
    const key = await this.publicKey(mspId);
    if (key === undefined) return false;
    return verify('sha256', data, key, Buffer.from(signature, 'base64'));
  }
}
