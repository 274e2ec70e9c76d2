import { Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { AUTH_RUNTIME, AuthError, Public, type AuthRuntime } from '@lotledger/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaptureProblem } from '../capture/capture.problem.js';

const TOKEN_TTL_SECONDS = 3600;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for registered organisations, and the JWKS that
 * verifies the tokens. Credentials by HTTP Basic (§2.3.1, preferred) or in the form body.
 */
@Controller()
export class AuthController {
  constructor(@Inject(AUTH_RUNTIME) private readonly auth: AuthRuntime) {}

  @Post('auth/token')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async token(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const form = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const grantType = form['grant_type'];
    if (grantType !== undefined && grantType !== 'client_credentials') {
      throw new CaptureProblem(400, 'INVALID_HEADER', 'only grant_type=client_credentials is supported', [
        {
          pointer: '/grant_type',
          code: 'UNSUPPORTED_GRANT_TYPE',
          message: `grant_type ${typeof grantType === 'string' ? grantType : 'of this type'} is not supported`,
          expected: 'client_credentials',
        },
      ]);
    }
    let client;
    try {
      const { clientId, secret } = credentialsOf(request.headers.authorization, form);
      client = await this.auth.clients.authenticate(clientId, secret);
    } catch (error: unknown) {
      if (error instanceof AuthError && error.challenge !== undefined) void reply.header('WWW-Authenticate', error.challenge);
      throw error;
    }
    const issued = await this.auth.issuer.issue({
      subject: client.clientId,
      role: client.role,
      org: client.org.mspId,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn };
  }

  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): unknown {
    return this.auth.issuer.jwks();
  }
}

function credentialsOf(authorization: string | undefined, form: Record<string, unknown>): { clientId: string; secret: string } {
  const basic = authorization === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(authorization);
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
    if (colon > 0) return { clientId: decodeForm(decoded.slice(0, colon)), secret: decodeForm(decoded.slice(colon + 1)) };
  }
  const clientId = form['client_id'];
  const secret = form['client_secret'];
  if (typeof clientId === 'string' && typeof secret === 'string') return { clientId, secret };
  throw new AuthError(401, 'INVALID_CLIENT', 'client credentials are missing (HTTP Basic, or client_id and client_secret)');
}

function decodeForm(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
