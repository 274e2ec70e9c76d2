import type { IncomingMessage, ServerResponse } from 'node:http';

/** The sign-in cookie: HttpOnly (no script reads it), SameSite=Strict, sent to /regulator pages only. */
export const REGULATOR_COOKIE = 'lotledger_regulator';
const COOKIE_PATH = '/regulator';
// A compact JWS: three base64url parts. Anything else in the cookie is ignored, never forwarded.
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const FROM_COOKIE = new WeakSet<object>();

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Middleware on the regulator pages (before the guard): a browser that signed in sends its token in
 * the cookie, not in an Authorization header, so the cookie's token becomes the bearer token and the
 * one AuthGuard checks it exactly as it checks any other. An explicit Authorization header wins.
 * Only GET pages take it (reading needs no CSRF defence beyond SameSite=Strict).
 */
export function regulatorCookieToBearer(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  if (request.headers.authorization === undefined && (request.method === 'GET' || request.method === 'HEAD')) {
    const token = cookieValue(request.headers.cookie, REGULATOR_COOKIE);
    if (token !== undefined && JWS_SHAPE.test(token)) {
      request.headers.authorization = `Bearer ${token}`;
      FROM_COOKIE.add(request);
    }
  }
  next();
}

/** True when this request's bearer token came from the sign-in cookie (takes the raw request). */
export function tokenCameFromCookie(rawRequest: object): boolean {
  return FROM_COOKIE.has(rawRequest);
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${REGULATOR_COOKIE}=${token}; Path=${COOKIE_PATH}; Max-Age=${String(Math.max(0, Math.floor(maxAgeSeconds)))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/** Seconds until the (already verified) token's exp claim; undefined when it has none. */
export function secondsUntilExpiry(token: string, nowMs: number): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp - nowMs / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Only a path of the regulator view: the sign-in form's `next` never sends a browser elsewhere. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/regulator(?:[/?]|$)/.test(next) || next.includes('//') || next.includes('\\')) return '/regulator';
  return next;
}
