import { Controller, Get, Inject, Options, Req, Res, UseFilters } from '@nestjs/common';
import { ProblemDetailsFilter, READ_MODEL } from '@lotledger/platform';
import { InvalidCursorError, type JsonValue, type ReadModelStore, type StoredEvent } from '@lotledger/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../gateway-options.js';
import { CORS_HEADERS, sendJson, sendProblem } from '../http/http-headers.js';
import { ProvenanceService } from '../provenance/provenance.service.js';
import { visibleEventDocument } from '../graphql/graphql-visibility.js';
import type { PublicPlaces } from '../provenance/public-event.projection.js';
import { linkHeader } from '../resolver/link-types.js';
import { EPCIS_CONTEXT, EPCIS_VERSION_HEADERS, epcisQueryDocument } from './epcis-query-document.js';
import { parseEventQuery } from './epcis-query.parser.js';
import { principalOf, Public, type Principal } from '@lotledger/auth';

const EPCIS_JSON_LD = 'application/ld+json';

/**
 * EPCIS 2.0 REST query (`GET /epcis/events`, `GET /epcis/events/{eventID}`) over the read model:
 * anchored events only. Each event is shown as its caller may see it, by the rule GraphQL uses
 * (graphql-visibility.ts): a consumer (no token) the public projection, a supplier its own
 * organisation's events whole and the others' public fields, a regulator every event whole.
 */
// Public: consumers scan QR codes without a token; a token, when sent, widens what each event shows.
@Public()
@Controller('epcis/events')
@UseFilters(new ProblemDetailsFilter())
export class EpcisEventsController {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    private readonly provenance: ProvenanceService,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  @Options(['', '*'])
  preflight(@Res() reply: FastifyReply): void {
    void reply.status(204).headers(CORS_HEADERS).send();
  }

  @Get()
  async query(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.headers(EPCIS_VERSION_HEADERS);
    const q = request.url.indexOf('?');
    const search = new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
    const parsed = parseEventQuery(search);
    if (!parsed.ok) {
      const names = parsed.issues.map((i) => i.parameter).join(', ');
      sendProblem(
        reply,
        parsed.status === 501
          ? {
              status: 501,
              title: 'Not Implemented',
              code: 'QUERY_PARAMETER_NOT_SUPPORTED',
              detail: `not supported yet: ${names}`,
              errors: parsed.issues,
            }
          : {
              status: 400,
              title: 'Bad Request',
              code: 'QUERY_PARAMETER_INVALID',
              detail: parsed.issues.map((i) => `${i.parameter}: ${i.message}; expected ${i.expected}`).join('. '),
              errors: parsed.issues,
            },
        request.url,
      );
      return;
    }
    const { query, perPage, nextPageToken } = parsed.value;
    let page;
    try {
      page = await this.store.queryEvents(query, { first: perPage, ...(nextPageToken === undefined ? {} : { after: nextPageToken }) });
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      const issue = {
        parameter: 'nextPageToken',
        message: 'nextPageToken is not a token this endpoint issued (or the query changed)',
        expected: 'the nextPageToken of the Link rel="next" header of the previous page',
      };
      sendProblem(
        reply,
        { status: 400, title: 'Bad Request', code: 'QUERY_PARAMETER_INVALID', detail: `nextPageToken: ${issue.message}`, errors: [issue] },
        request.url,
      );
      return;
    }
    const places = await this.provenance.places(page.events, null);
    const principal = principalOf(request);
    if (page.nextCursor !== null) {
      const next = new URLSearchParams(search);
      next.delete('nextPageToken');
      next.set('nextPageToken', page.nextCursor);
      if (!next.has('perPage')) next.set('perPage', String(perPage));
      void reply.header(
        'Link',
        linkHeader([{ href: `${this.options.publicBaseUrl}/epcis/events?${next.toString()}`, rel: 'next', type: EPCIS_JSON_LD }]),
      );
    }
    // What a caller sees depends on its token: a shared cache must not hand one caller's answer to another.
    void reply.header('Vary', 'Authorization');
    sendJson(
      reply,
      200,
      epcisQueryDocument(
        page.events.map((e) => restDocument(e, principal, places)),
        new Date(),
      ),
      EPCIS_JSON_LD,
    );
  }

  @Get('*')
  async one(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.headers(EPCIS_VERSION_HEADERS);
    const path = request.url.split('?')[0] ?? '';
    const raw = path.slice(path.indexOf('/epcis/events/') + '/epcis/events/'.length);
    let eventId: string;
    try {
      eventId = decodeURIComponent(raw);
    } catch {
      sendProblem(
        reply,
        {
          status: 400,
          title: 'Bad Request',
          code: 'INVALID_ARGUMENT',
          detail: `"${raw}" is not a URL-encoded event ID`,
          errors: [
            {
              parameter: 'eventID',
              message: 'malformed percent-encoding',
              expected: 'the URL-encoded hash ID (ni:///sha-256;…?ver=CBV2.0) or eventID',
            },
          ],
        },
        request.url,
      );
      return;
    }
    const event = await this.store.getEvent(eventId);
    if (event === null || event.status !== 'anchored') {
      sendProblem(
        reply,
        { status: 404, title: 'Not Found', code: 'NOT_FOUND', detail: `no anchored event has the ID ${eventId}` },
        request.url,
      );
      return;
    }
    const places = await this.provenance.places([event], null);
    void reply.header('Vary', 'Authorization');
    sendJson(reply, 200, { '@context': [EPCIS_CONTEXT], ...restDocument(event, principalOf(request), places) }, EPCIS_JSON_LD);
  }
}

/**
 * An event in an EPCIS answer, as this caller may see it. A whole event captured without an eventID
 * is listed under its hash ID (as the public projection does), so EQ_eventID and /epcis/events/{id} find it.
 */
function restDocument(stored: StoredEvent, caller: Principal, places: PublicPlaces): Record<string, JsonValue> {
  const document = visibleEventDocument(stored, caller, places);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return { eventID: stored.hashId };
  const fields = document as Readonly<Record<string, JsonValue>>;
  return typeof fields['eventID'] === 'string' ? { ...fields } : { ...fields, eventID: stored.hashId };
}
