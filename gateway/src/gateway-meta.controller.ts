import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CONSUMER_PAGE_CSS } from './consumer-page/consumer-page.css.js';
import { openApiDocument } from './epcis/openapi.document.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options.js';
import { sendJson, withCommonHeaders } from './http/http-headers.js';
import { linkHeader } from './resolver/link-types.js';
import { resolverDescription } from './resolver/resolver-description.js';
import { Public } from '@lotledger/auth';

/** Static resources of the gateway: the resolver description, the OpenAPI document, the page's stylesheet. All public. */
// Public: consumers scan QR codes without a token; what they see is the public projection only.
@Public()
@Controller()
export class GatewayMetaController {
  constructor(@Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions) {}

  @Get('.well-known/gs1resolver')
  description(@Res() reply: FastifyReply): void {
    void reply.header(
      'Link',
      linkHeader([
        { href: `${this.options.publicBaseUrl}/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1' },
      ]),
    );
    sendJson(reply, 200, resolverDescription(this.options.publicBaseUrl));
  }

  @Get('openapi.json')
  openApi(@Res() reply: FastifyReply): void {
    sendJson(reply, 200, openApiDocument(this.options.publicBaseUrl));
  }

  @Get('assets/consumer-page.css')
  stylesheet(@Res() reply: FastifyReply): void {
    void withCommonHeaders(reply)
      .status(200)
      .header('Content-Type', 'text/css; charset=utf-8')
      .header('Cache-Control', 'public, max-age=3600')
      .send(CONSUMER_PAGE_CSS);
  }
}
