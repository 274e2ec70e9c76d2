import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AUTH_RUNTIME, type AuthRuntime } from '@lotledger/auth';
import { injectTransport, type CaptureTransport } from './capture-transport.js';
import type { TokenSource } from './simulation-registrar.js';

/** A composed app in this process as a simulation target: its routes, and tokens from its own issuer. */
export function embeddedTarget(app: NestFastifyApplication, ttlSeconds = 3600): { transport: CaptureTransport; tokens: TokenSource } {
  const auth = app.get<AuthRuntime>(AUTH_RUNTIME);
  const cache = new Map<string, string>();
  return {
    transport: injectTransport(app),
    tokens: async (mspId, role) => {
      const key = `${role}:${mspId}`;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const { token } = await auth.issuer.issue({ subject: `simulate:${mspId}`, role, org: mspId, ttlSeconds });
      cache.set(key, token);
      return token;
    },
  };
}
