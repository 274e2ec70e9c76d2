import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType } from '@lotledger/platform';
import { contentCodingOf, type EncodedBody } from './encoded-body.js';

/**
 * Security headers of every gateway answer. The CSP allows no script at all (the pages need none),
 * styles only from this origin (no inline style), images from this origin (QR codes) and https
 * (product images in the registry).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self' https: data:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Public, read-only resources: any origin may read them and see their Link headers (GS1 resolvers SHALL support CORS). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, Accept-Language, Content-Type, Authorization, GS1-EPCIS-Version, GS1-CBV-Version',
  'Access-Control-Expose-Headers': 'Link, Location, GS1-EPCIS-Version, GS1-CBV-Version',
  'Access-Control-Max-Age': '86400',
};

const COMMON_HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, ...CORS_HEADERS };

export function withCommonHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers(COMMON_HEADERS);
}

export interface ProblemBody {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly [extension: string]: unknown;
}

/** RFC 9457 problem details, as the platform spells them (type URN from the code). */
export function sendProblem(reply: FastifyReply, problem: ProblemBody, instance?: string): FastifyReply {
  const body = { type: problemType(problem.code), ...problem, ...(instance === undefined ? {} : { instance }) };
  return withCommonHeaders(reply).status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function sendHtml(reply: FastifyReply, status: number, page: string): FastifyReply {
  return withCommonHeaders(reply).status(status).header('Content-Type', 'text/html; charset=utf-8').send(page);
}

/** A kept body in the coding the client prefers (the caller names Accept-Encoding in Vary). */
export function sendEncoded(
  reply: FastifyReply,
  status: number,
  body: EncodedBody,
  contentType: string,
  acceptEncoding: string | string[] | undefined,
): FastifyReply {
  const coding = contentCodingOf(acceptEncoding);
  void reply.status(status).header('Content-Type', contentType);
  if (coding !== 'identity') void reply.header('Content-Encoding', coding);
  return reply.send(body.in(coding));
}

/** A kept HTML page, with the gateway's common headers, in the coding the client prefers. */
export function sendEncodedHtml(
  reply: FastifyReply,
  status: number,
  page: EncodedBody,
  acceptEncoding: string | string[] | undefined,
): FastifyReply {
  return sendEncoded(withCommonHeaders(reply), status, page, 'text/html; charset=utf-8', acceptEncoding);
}

export function sendJson(reply: FastifyReply, status: number, body: unknown, contentType = 'application/json'): FastifyReply {
  return withCommonHeaders(reply).status(status).header('Content-Type', contentType).send(JSON.stringify(body));
}
