import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Headers of every regulator page: no script at all, styles only from this origin, forms only to this
 * origin (the sign-in form), never framed, never cached (the pages show commercial data), and no CORS.
 */
export const REGULATOR_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  Vary: 'Authorization, Cookie',
};

export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.status(status).headers(REGULATOR_PAGE_HEADERS).header('Content-Type', 'text/html; charset=utf-8').send(page);
}

/** Whether the browser reached us over TLS (directly, or through a proxy that says so): then the cookie is Secure. */
export function overTls(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https');
}
