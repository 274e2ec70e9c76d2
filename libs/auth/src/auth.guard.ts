import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY, ROLES_KEY, setPrincipal } from './auth.decorators.js';
import { AuthError } from './auth.error.js';
import { AUTH_RUNTIME } from './auth.tokens.js';
import { CONSUMER, type TokenRole } from './principal.model.js';
import type { AuthRuntime } from './auth.runtime.js';

interface RequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

/**
 * The one guard, installed globally (APP_GUARD): routes marked `@Public()` let anonymous callers in;
 * every other route needs a valid bearer token, and `@Roles(...)` narrows which roles. A bad token is
 * refused even on a public route, so a caller never silently gets less than it asked for.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_RUNTIME) private readonly runtime: AuthRuntime,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.check(context);
    } catch (error: unknown) {
      // RFC 6750 §3: a 401 names the scheme to use; set here because only the guard knows it.
      if (error instanceof AuthError && error.challenge !== undefined && context.getType() === 'http') {
        setHeader(context.switchToHttp().getResponse<unknown>(), 'WWW-Authenticate', error.challenge);
      }
      throw error;
    }
  }

  private async check(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<readonly TokenRole[] | undefined>(ROLES_KEY, targets);
    const request = requestOf(context);
    const header = request?.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const bearer = value === undefined ? null : BEARER.exec(value);
    if (bearer === null) {
      // Another scheme on a public route (HTTP Basic at POST /auth/token) is that route's business.
      if (isPublic && (value === undefined || !/^Bearer\b/i.test(value))) {
        if (request !== undefined) setPrincipal(request, CONSUMER);
        return true;
      }
      throw value === undefined
        ? new AuthError(401, 'TOKEN_MISSING', 'this resource needs a bearer token')
        : new AuthError(401, 'TOKEN_INVALID', 'the Authorization header is not a bearer token');
    }
    const principal = await this.runtime.verifier.verify(bearer[1] ?? '');
    if (request !== undefined) setPrincipal(request, principal);
    if (!isPublic && roles !== undefined && !roles.includes(principal.role as TokenRole)) {
      throw new AuthError(403, 'FORBIDDEN_ROLE', `this resource needs the role ${roles.join(' or ')}; the token has ${principal.role}`);
    }
    return true;
  }
}

/** The HTTP request, or for GraphQL resolvers the request in the context (Mercurius: reply.request; Apollo: req). */
function requestOf(context: ExecutionContext): (RequestLike & object) | undefined {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<RequestLike & object>();
  const gqlContext = context.getArgByIndex<{ req?: RequestLike & object; reply?: { request?: RequestLike & object } } | undefined>(2);
  return gqlContext?.reply?.request ?? gqlContext?.req;
}

function setHeader(response: unknown, name: string, value: string): void {
  const r = response as { header?: (n: string, v: string) => unknown; setHeader?: (n: string, v: string) => unknown } | null;
  if (typeof r?.header === 'function') r.header(name, value);
  else if (typeof r?.setHeader === 'function') r.setHeader(name, value);
}
