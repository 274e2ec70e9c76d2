import { Controller, Get, Header, Inject, Optional, Post, Req, Res, UseFilters } from '@nestjs/common';
import { AuthError, principalOf, Public, Roles, TOKEN_VERIFIER, type Principal, type TokenVerifierPort } from '@lotledger/auth';
import { InvalidCursorError, type AlertPage } from '@lotledger/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvDocument } from './csv.js';
import { RegulatorAuthPageFilter } from './regulator-auth-page.filter.js';
import { overTls, REGULATOR_PAGE_HEADERS, sendPage } from './regulator-http.js';
import { parseLookup } from './regulator-lookup.js';
import { RegulatorLookupService } from './regulator-lookup.service.js';
import { REGULATOR_PAGE_CSS } from './regulator-page.css.js';
import { homePage, lookupPage, problemPage, signInPage, type SignedIn } from './regulator-page.view.js';
import { clearedSessionCookie, safeNext, secondsUntilExpiry, sessionCookie, tokenCameFromCookie } from './regulator-session.js';

/** Longest a sign-in cookie lives, whatever the token's own lifetime. */
const MAX_SESSION_SECONDS = 8 * 3600;

function query(request: FastifyRequest): URLSearchParams {
  const q = request.url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
}

/**
 * Whether the sign-in form was posted from another site (login CSRF). Browsers say so in
 * Sec-Fetch-Site; only this origin's own form (same-origin) passes. Without that header (older
 * browsers, scripts) the Origin decides when it names one; our pages send no referrer, so a
 * browser may write Origin as "null", which then says nothing either way.
 */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  try {
    // Both through URL, so a default port written on one side and not the other still compares equal.
    return new URL(origin).host !== new URL(`${new URL(origin).protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    return true;
  }
}

/**
 * Regulators only, checked twice: the guard (@Roles) refuses other callers, and the handler checks the
 * principal again, so a gateway composed without the auth module (its guard absent) shows nothing.
 */
function regulatorOf(request: FastifyRequest): SignedIn {
  const principal: Principal = principalOf(request);
  if (principal.role === 'consumer') throw new AuthError(401, 'TOKEN_MISSING', 'this resource needs a bearer token');
  if (principal.role !== 'regulator')
    throw new AuthError(403, 'FORBIDDEN_ROLE', `this resource needs the role regulator; the token has ${principal.role}`);
  return { subject: principal.subject, org: principal.org, viaCookie: tokenCameFromCookie(request.raw) };
}

/** The regulator's view (issue 6 §6): server-rendered, no script, behind a regulator token or the sign-in cookie. */
@Roles('regulator')
@UseFilters(RegulatorAuthPageFilter)
@Controller('regulator')
export class RegulatorPageController {
  constructor(@Inject(RegulatorLookupService) private readonly lookups: RegulatorLookupService) {}

  @Roles('regulator')
  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const who = regulatorOf(request);
    const after = query(request).get('alerts') ?? undefined;
    let alerts: AlertPage;
    try {
      alerts = await this.lookups.alerts(after === '' ? undefined : after);
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      sendPage(
        reply,
        400,
        problemPage(who, '', 'This page of alerts could not be read', ['The alerts cursor is not one this server issued.']),
      );
      return;
    }
    sendPage(reply, 200, homePage(who, alerts));
  }

  @Roles('regulator')
  @Get('lookup')
  async lookup(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const who = regulatorOf(request);
    const params = query(request);
    const input = params.get('id') ?? [params.get('gtin'), params.get('lot')].filter((v) => v !== null && v !== '').join(' ');
    const key = parseLookup({ id: params.get('id') ?? '', gtin: params.get('gtin') ?? '', lot: params.get('lot') ?? '' });
    if (!key.ok) {
      sendPage(reply, 400, problemPage(who, input, 'This key could not be read', key.problems));
      return;
    }
    const result = await this.lookups.lookup(key.key, input);
    if (result === null) {
      sendPage(
        reply,
        404,
        problemPage(who, input, 'Nothing is known of this key', [
          `No event, object, product or location is recorded for ${key.key.digitalLink}.`,
        ]),
      );
      return;
    }
    sendPage(reply, 200, lookupPage(who, result));
  }

  @Roles('regulator')
  @Get('recall-impact.csv')
  async recallImpactCsv(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const who = regulatorOf(request);
    const params = query(request);
    const key = parseLookup({ id: params.get('id') ?? '', gtin: params.get('gtin') ?? '', lot: params.get('lot') ?? '' });
    if (!key.ok) {
      sendPage(reply, 400, problemPage(who, params.get('id') ?? '', 'This key could not be read', key.problems));
      return;
    }
    const impact = await this.lookups.recallImpact(key.key);
    const csv = csvDocument(
      ['object_id', 'kind', 'gtin', 'lot', 'serial', 'depth', 'status', 'custodian_msp', 'location'],
      impact.affected.map((a) => [a.id, a.kind, a.gtin, a.lot, a.serial, a.depth, a.status, a.custodianMsp, a.location]),
    );
    const name = `recall-impact-${key.key.digitalLink.replace(/^https:\/\/id\.gs1\.org\//, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
    void reply
      .status(200)
      .headers(REGULATOR_PAGE_HEADERS)
      .header('Content-Type', 'text/csv; charset=utf-8; header=present')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(csv);
  }
}

/**
 * Signing in from a browser: the form posts a regulator token, which is verified here exactly as the
 * guard would (same verifier) and kept in an HttpOnly, SameSite=Strict cookie scoped to /regulator;
 * signing out clears it. Public: this is how a browser without a token gets one onto the pages.
 */
@Public()
@Controller('regulator')
export class RegulatorSessionController {
  constructor(@Optional() @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifierPort | null = null) {}

  @Public()
  @Get('assets/regulator.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Content-Type-Options', 'nosniff')
  stylesheet(): string {
    return REGULATOR_PAGE_CSS;
  }

  @Public()
  @Post('session')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const next = safeNext(form['next']);
    // Login CSRF: a form posted from another site must not sign this browser in as someone else.
    if (crossSite(request)) {
      sendPage(reply, 403, signInPage({ status: 403, message: 'Sign in from this site’s own form.', next }));
      return;
    }
    const token = typeof form['token'] === 'string' ? form['token'].trim() : '';
    if (this.verifier === null) {
      sendPage(
        reply,
        503,
        signInPage({ status: 401, message: 'This gateway runs without token verification; it cannot sign anyone in.', next }),
      );
      return;
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error: unknown) {
      const why = error instanceof AuthError ? error.message : 'the token could not be verified';
      sendPage(reply, 401, signInPage({ status: 401, message: `That token was not accepted: ${why}.`, next }));
      return;
    }
    if (principal.role !== 'regulator') {
      sendPage(
        reply,
        403,
        signInPage({ status: 403, message: `That is a ${principal.role} token: these pages are for regulators only.`, next }),
      );
      return;
    }
    const lifetime = Math.min(secondsUntilExpiry(token, Date.now()) ?? MAX_SESSION_SECONDS, MAX_SESSION_SECONDS);
    void reply
      .status(303)
      .headers(REGULATOR_PAGE_HEADERS)
      .header('Set-Cookie', sessionCookie(token, lifetime, overTls(request)))
      .header('Location', next)
      .send();
  }

  @Public()
  @Post('session/end')
  signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    void reply
      .status(303)
      .headers(REGULATOR_PAGE_HEADERS)
      .header('Set-Cookie', clearedSessionCookie(overTls(request)))
      .header('Location', '/regulator')
      .send();
  }
}
