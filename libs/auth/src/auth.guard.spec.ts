import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrentPrincipal, Public, Roles } from './auth.decorators.js';
import { AuthModule } from './auth.module.js';
import { createAuthRuntime, type AuthRuntime } from './auth.runtime.js';
import type { Principal } from './principal.model.js';
import { auditRouteAccess } from './route-access.audit.js';
import { generateSigningKey } from './signing-key.loader.js';

// Decorators applied by hand: the test transform does not take decorator syntax in spec files.
class ProbeController {
  open(principal: Principal): Principal {
    return principal;
  }

  regulated(principal: Principal): Principal {
    return principal;
  }

  /** Deliberately undeclared: the audit must report it (the guard still demands a token). */
  forgotten(): string {
    return 'ok';
  }
}
function decorate(name: keyof ProbeController, ...decorators: MethodDecorator[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(ProbeController.prototype, name);
  for (const d of decorators) d(ProbeController.prototype, name, descriptor as TypedPropertyDescriptor<unknown>);
}
Controller('probe')(ProbeController);
decorate('open', Get('open'), Public());
CurrentPrincipal()(ProbeController.prototype, 'open', 0);
decorate('regulated', Get('regulated'), Roles('regulator', 'admin'));
CurrentPrincipal()(ProbeController.prototype, 'regulated', 0);
decorate('forgotten', Get('forgotten'));

let app: NestFastifyApplication;
let runtime: AuthRuntime;

beforeAll(async () => {
  const { key } = await generateSigningKey();
  runtime = createAuthRuntime({
    signingKey: key,
    issuer: 'http://localhost:8080',
    audience: 'lotledger',
    registry: { getOrganisationByClientId: () => Promise.resolve(null) },
  });
  app = await NestFactory.create<NestFastifyApplication>(
    { ...AuthModule.forRoot(runtime), controllers: [ProbeController] },
    new FastifyAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options type is a class; a literal is its documented use
    { logger: false },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});

afterAll(async () => {
  await app.close();
});

async function get(url: string, authorization?: string): Promise<{ status: number; body: string; challenge: unknown }> {
  const reply = await app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });
  return { status: reply.statusCode, body: reply.body, challenge: reply.headers['www-authenticate'] };
}

describe('AuthGuard', () => {
  it('lets anonymous callers into public routes as consumers', async () => {
    const r = await get('/probe/open');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ role: 'consumer' });
  });

  it('identifies a caller with a valid token on a public route, and refuses a bad token there', async () => {
    const { token } = await runtime.issuer.issue({ subject: 'p', role: 'supplier', org: 'PharmaMSP' });
    expect(JSON.parse((await get('/probe/open', `Bearer ${token}`)).body)).toMatchObject({ role: 'supplier', org: 'PharmaMSP' });
    expect((await get('/probe/open', 'Bearer not.a.token')).status).toBe(401);
  });

  it('ignores other schemes on public routes (client credentials use HTTP Basic)', async () => {
    expect((await get('/probe/open', 'Basic cGhhcm1hOnNlY3JldA==')).status).toBe(200);
  });

  it('demands a token with a challenge on guarded routes, and the declared role', async () => {
    const none = await get('/probe/regulated');
    expect(none.status).toBe(401);
    expect(none.challenge).toBe('Bearer realm="lotledger"');
    const supplier = (await runtime.issuer.issue({ subject: 'p', role: 'supplier', org: 'PharmaMSP' })).token;
    expect((await get('/probe/regulated', `Bearer ${supplier}`)).status).toBe(403);
    const regulator = (await runtime.issuer.issue({ subject: 'r', role: 'regulator' })).token;
    expect((await get('/probe/regulated', `Bearer ${regulator}`)).status).toBe(200);
  });

  it('still guards a route that forgot to declare its access', async () => {
    expect((await get('/probe/forgotten')).status).toBe(401);
  });
});

describe('route access audit', () => {
  it('lists every route with its access and reports the undeclared one', () => {
    const routes = auditRouteAccess(app).map((r) => [r.method, r.path, r.access, r.guarded]);
    expect(routes).toEqual([
      ['GET', '/probe/forgotten', 'undeclared', true],
      ['GET', '/probe/open', 'public', true],
      ['GET', '/probe/regulated', 'roles:regulator,admin', true],
    ]);
  });
});
