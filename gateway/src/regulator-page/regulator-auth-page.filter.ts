import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AuthError } from '@lotledger/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearedSessionCookie, safeNext, tokenCameFromCookie } from './regulator-session.js';
import { overTls, sendPage } from './regulator-http.js';
import { signInPage } from './regulator-page.view.js';

const MESSAGES: Readonly<Record<string, string>> = {
  TOKEN_MISSING: 'These pages are for regulators. Sign in with a regulator access token.',
  TOKEN_EXPIRED: 'Your sign-in has expired. Sign in again with a fresh token.',
  FORBIDDEN_ROLE: 'Your token is not a regulator token: these pages are for regulators only.',
};

/**
 * A refused request to a regulator page gets a page a person can act on, not problem JSON: 401 (no
 * token, or a bad or expired one) and 403 (a token of another role) both show the sign-in form, with
 * the guard's WWW-Authenticate challenge kept. A cookie whose token no longer works is cleared.
 */
@Catch(AuthError)
export class RegulatorAuthPageFilter implements ExceptionFilter<AuthError> {
  catch(error: AuthError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (error.httpStatus === 401 && tokenCameFromCookie(request.raw))
      void reply.header('Set-Cookie', clearedSessionCookie(overTls(request)));
    const message = MESSAGES[error.code] ?? `Your token was not accepted: ${error.message}.`;
    sendPage(reply, error.httpStatus, signInPage({ status: error.httpStatus, message, next: safeNext(request.url) }));
  }
}
