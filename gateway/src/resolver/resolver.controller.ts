import { Controller, Get, Inject, Options, Req, Res, UseFilters } from '@nestjs/common';
import { ProblemDetailsFilter } from '@lotledger/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badCodePage, consumerPage, notFoundPage } from '../consumer-page/consumer-page.view.js';
import { epcisQueryDocument } from '../epcis/epcis-query-document.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway-options.js';
import { negotiate } from '../http/content-negotiation.js';
import { EncodedBody } from '../http/encoded-body.js';
import { CORS_HEADERS, sendEncodedHtml, sendHtml, sendJson, sendProblem, withCommonHeaders } from '../http/http-headers.js';
import { consumerView, type ConsumerView, type ProvenanceFacts } from '../provenance/consumer-view.js';
import { ProvenanceService } from '../provenance/provenance.service.js';
import { LINK_TYPES, LINKSET_CONTEXT, LINKSET_MEDIA_TYPE, linkHeader, linkset, requestedLinkType, type LinkTarget } from './link-types.js';
import { itemParts, verificationAnswer } from './pack-verification.js';
import { keyName, parseResolverRequest, PRIMARY_KEY_AIS, type ResolverRequest } from './resolver-request.js';
import { Public } from '@lotledger/auth';

const ROUTES = PRIMARY_KEY_AIS.map((ai) => `${ai}/*`);

/** Most rendered pages kept per set of facts (the host link and QR path differ only with the request's query). */
const PAGES_PER_FACTS = 8;

interface LinkSet {
  /** The object's link targets (what the linkset lists). */
  readonly links: LinkTarget[];
  /** The Link header: the targets plus the linkset itself and owl:sameAs. */
  readonly header: string;
}

interface Rendered {
  readonly view: ConsumerView;
  readonly pages: Map<string, EncodedBody>;
  readonly links: Map<string, LinkSet>;
}

/**
 * The view and the pages rendered from one set of facts. Both are pure functions of the facts (no clock,
 * no caller), and ProvenanceService hands back the same facts object for as long as the read model
 * still says the same — so a page is rendered once per change of what it shows, not once per scan, and
 * dropped with its facts.
 */
const rendered = new WeakMap<ProvenanceFacts, Rendered>();

function renderedOf(facts: ProvenanceFacts): Rendered {
  let entry = rendered.get(facts);
  if (entry === undefined) {
    entry = { view: consumerView(facts), pages: new Map(), links: new Map() };
    rendered.set(facts, entry);
  }
  return entry;
}

/**
 * The link targets of a request path and their Link header value: built once per path and set of facts
 * (they depend on nothing else), or each time when nothing is known of the object.
 */
function linksOf(entry: Rendered | undefined, path: string, build: () => LinkSet): LinkSet {
  return entry === undefined ? build() : kept(entry.links, path, build);
}

function pageOf(entry: Rendered, links: { readonly hostLink: string; readonly qrPath: string }): EncodedBody {
  return kept(entry.pages, `${links.hostLink}\n${links.qrPath}`, () => new EncodedBody(consumerPage(entry.view, links)));
}

/** The value kept under `key`, made once; at most PAGES_PER_FACTS kept (a query string can vary freely). */
function kept<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size >= PAGES_PER_FACTS) map.clear();
    map.set(key, value);
  }
  return value;
}

/**
 * GS1-Conformant Resolver (1.2) on this host: every GS1 Digital Link primary key. Browsers get the
 * consumer page, API clients the object's public events, linkset clients the linkset; every answer
 * carries a Link header. Public by design: consumers have no token.
 */
// Public: consumers scan QR codes without a token; what they see is the public projection only.
@Public()
@Controller()
@UseFilters(new ProblemDetailsFilter())
export class ResolverController {
  constructor(
    private readonly provenance: ProvenanceService,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  @Options(ROUTES)
  preflight(@Res() reply: FastifyReply): void {
    void reply.status(204).headers(CORS_HEADERS).send();
  }

  @Get(ROUTES)
  async resolve(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const base = this.options.publicBaseUrl;
    const parsed = parseResolverRequest(request.url, base);
    const wants = negotiate(request.headers.accept);
    // Pages are sent compressed when the client accepts it (see sendEncodedHtml).
    void reply.header('Vary', 'Accept, Accept-Encoding');
    if (!parsed.ok) {
      void reply.header('Link', linkHeader([{ href: `${base}/.well-known/gs1resolver`, rel: 'describedby', type: 'application/json' }]));
      if (wants === 'html') {
        sendHtml(reply, 400, badCodePage(request.url.split('?')[0] ?? '', parsed.explanations));
        return;
      }
      sendProblem(
        reply,
        { status: 400, title: 'Bad Request', code: 'INVALID_DIGITAL_LINK', detail: parsed.explanations.join(' '), errors: parsed.issues },
        request.url,
      );
      return;
    }
    const req = parsed.value;
    const linkType = requestedLinkType(req.search.get('linkType'));
    // A scanned pack names its lot too (/01/…/10/…/21/…); the record keys the item by GTIN + serial.
    const lookup = linkType === 'verificationService' ? itemParts(req.parts) : req.parts;
    const facts = await this.provenance.facts(lookup, { includePending: true });
    const entry = facts === null ? undefined : renderedOf(facts);
    const view = entry?.view;
    const { links, header } = linksOf(entry, req.path, () => {
      const targets = this.links(req, view);
      return {
        links: targets,
        header: linkHeader([
          ...targets,
          { href: `${base}${req.path}?linkType=linkset`, rel: 'linkset', type: LINKSET_MEDIA_TYPE },
          { href: req.id, rel: 'owl:sameAs' },
        ]),
      };
    });
    void reply.header('Link', header);
    if (facts === null || entry === undefined || view === undefined) {
      if (wants === 'html' && linkType !== 'linkset' && linkType !== 'traceability')
        sendHtml(reply, 404, notFoundPage(`${keyName(req.parts.primaryKey.ai)} ${req.parts.primaryKey.value}`));
      else
        sendProblem(
          reply,
          { status: 404, title: 'Not Found', code: 'NOT_FOUND', detail: `nothing is registered or recorded for ${req.id}` },
          request.url,
        );
      return;
    }
    if (linkType === 'linkset' || (linkType === undefined && wants === 'linkset')) {
      void reply.header(
        'Link',
        `${String(reply.getHeader('Link'))}, <${LINKSET_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
      );
      sendJson(reply, 200, linkset(req.hostLink, links, view.title), LINKSET_MEDIA_TYPE);
      return;
    }
    if (linkType === 'traceability' || (linkType === undefined && wants === 'json')) {
      sendJson(
        reply,
        200,
        this.traceability(facts, view),
        request.headers.accept?.includes('application/ld+json') === true ? 'application/ld+json' : 'application/json',
      );
      return;
    }
    if (linkType === 'verificationService') {
      sendJson(reply, 200, verificationAnswer(req.parts, facts, new Date().toISOString().slice(0, 10)));
      return;
    }
    if (linkType === 'certificationInfo') {
      const first = view.certificateLinks[0];
      if (first === undefined)
        sendProblem(
          reply,
          { status: 404, title: 'Not Found', code: 'NOT_FOUND', detail: `no certificate is recorded for ${req.id}` },
          request.url,
        );
      else void withCommonHeaders(reply).redirect(first, 307);
      return;
    }
    const page = pageOf(entry, { hostLink: req.hostLink, qrPath: `/qr${req.path}.svg${attributesQuery(req)}` });
    sendEncodedHtml(reply, 200, page, request.headers['accept-encoding']);
  }

  private links(req: ResolverRequest, view: ConsumerView | undefined): LinkTarget[] {
    const at = `${this.options.publicBaseUrl}${req.path}`;
    const title = view?.title ?? req.id;
    const links: LinkTarget[] = [
      {
        rel: LINK_TYPES.defaultLink,
        href: `${at}?linkType=gs1:pip`,
        title: `${title}: product passport`,
        type: 'text/html',
        hreflang: ['en'],
      },
      { rel: LINK_TYPES.pip, href: `${at}?linkType=gs1:pip`, title: `${title}: product passport`, type: 'text/html', hreflang: ['en'] },
      {
        rel: LINK_TYPES.traceability,
        href: `${at}?linkType=gs1:traceability`,
        title: 'Traceability events (EPCIS 2.0)',
        type: 'application/ld+json',
      },
      {
        rel: LINK_TYPES.verificationService,
        href: `${at}?linkType=gs1:verificationService`,
        title: 'Ledger verification of every step',
        type: 'application/json',
      },
    ];
    for (const cert of view?.certificateLinks ?? [])
      links.push({ rel: LINK_TYPES.certificationInfo, href: cert, title: 'Certificate', type: 'text/html' });
    return links;
  }

  /** The object's anchored events, public fields only, as an EPCIS 2.0 query document. */
  private traceability(facts: ProvenanceFacts, view: ConsumerView): unknown {
    const statusByEventId = new Map(facts.events.map((e) => [e.stored.eventId ?? e.stored.hashId, e.stored.status]));
    return epcisQueryDocument(
      view.publicEvents.filter((e) => statusByEventId.get(typeof e['eventID'] === 'string' ? e['eventID'] : '') === 'anchored'),
      new Date(),
    );
  }
}

function attributesQuery(req: ResolverRequest): string {
  const attrs = req.parts.attributes.map((a) => `${a.ai}=${encodeURIComponent(a.value)}`);
  return attrs.length === 0 ? '' : `?${attrs.join('&')}`;
}
