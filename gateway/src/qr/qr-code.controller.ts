import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ProblemDetailsFilter } from '@lotledger/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway-options.js';
import { sendProblem, withCommonHeaders } from '../http/http-headers.js';
import { linkHeader } from '../resolver/link-types.js';
import { parseResolverRequest } from '../resolver/resolver-request.js';
import { Public } from '@lotledger/auth';

/** Error correction M (≈15 % of the code may be damaged) and the 4-module quiet zone ISO/IEC 18004 requires. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/**
 * `/qr/<Digital Link path>.svg|.png`: the QR code of the canonical Digital Link on this resolver
 * (PUBLIC_BASE_URL), data attributes kept. Public.
 */
// Public: consumers scan QR codes without a token; what they see is the public projection only.
@Public()
@Controller('qr')
@UseFilters(new ProblemDetailsFilter())
export class QrCodeController {
  constructor(@Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions) {}

  @Get('*')
  async qr(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const [pathPart = '', query] = request.url.split('?', 2);
    const format = /\.(svg|png)$/.exec(pathPart)?.[1];
    if (format === undefined) {
      sendProblem(
        reply,
        { status: 404, title: 'Not Found', code: 'NOT_FOUND', detail: 'QR codes are served as /qr/<Digital Link path>.svg or .png' },
        request.url,
      );
      return;
    }
    const dlPath = pathPart.slice('/qr'.length, -(format.length + 1));
    const parsed = parseResolverRequest(`${dlPath}${query === undefined ? '' : `?${query}`}`, this.options.publicBaseUrl);
    if (!parsed.ok) {
      sendProblem(
        reply,
        { status: 400, title: 'Bad Request', code: 'INVALID_DIGITAL_LINK', detail: parsed.explanations.join(' '), errors: parsed.issues },
        request.url,
      );
      return;
    }
    const target = parsed.value.hostLink;
    withCommonHeaders(reply)
      .header('Link', linkHeader([{ href: target, rel: 'describes' }]))
      .header('Cache-Control', 'public, max-age=86400');
    if (format === 'svg') {
      void reply
        .status(200)
        .header('Content-Type', 'image/svg+xml')
        .send(await QRCode.toString(target, { ...QR_OPTIONS, type: 'svg' }));
    } else {
      void reply
        .status(200)
        .header('Content-Type', 'image/png')
        .send(await QRCode.toBuffer(target, { ...QR_OPTIONS, type: 'png', scale: 8 }));
    }
  }
}
