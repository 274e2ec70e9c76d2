import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';

/** Content codings the gateway offers for bodies it keeps (RFC 9110 §8.4.1), best first. */
export type ContentCoding = 'br' | 'gzip' | 'identity';
const OFFERED: ContentCoding[] = ['br', 'gzip', 'identity'];

/**
 * The coding to send for this Accept-Encoding header: what the client prefers among br, gzip and
 * identity (br when it accepts both equally — smaller). No header, or nothing acceptable, means identity
 * (RFC 9110 allows identity unless it is refused outright; a page is better than a 406 for a scan).
 */
export function contentCodingOf(acceptEncoding: string | string[] | undefined): ContentCoding {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(', ') : acceptEncoding;
  if (header === undefined || header.trim() === '') return 'identity';
  // Browsers send a handful of distinct headers: each is parsed once.
  let coding = CODING_OF_HEADER.get(header);
  if (coding === undefined) {
    coding = negotiate(header, OFFERED) ?? 'identity';
    if (CODING_OF_HEADER.size >= 64) CODING_OF_HEADER.clear();
    CODING_OF_HEADER.set(header, coding);
  }
  return coding;
}

const CODING_OF_HEADER = new Map<string, ContentCoding>();

// Brotli at quality 6: a few milliseconds for a consumer page, about as small as gzip -9 and then some;
// quality 11 would block the event loop for tens of milliseconds on every change of a page.
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

/**
 * A body that is sent many times unchanged (a rendered consumer page): encoded once per coding, on first
 * use, instead of once per request. A phone on a weak connection gets a fraction of the bytes.
 */
export class EncodedBody {
  readonly #codings = new Map<ContentCoding, Buffer>();

  constructor(readonly text: string) {}

  in(coding: ContentCoding): Buffer {
    let body = this.#codings.get(coding);
    if (body === undefined) {
      const raw = Buffer.from(this.text, 'utf8');
      body = coding === 'br' ? brotliCompressSync(raw, BROTLI_OPTIONS) : coding === 'gzip' ? gzipSync(raw, { level: 9 }) : raw;
      this.#codings.set(coding, body);
    }
    return body;
  }
}
