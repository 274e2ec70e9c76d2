import { Controller, Get, Header, HttpCode, Inject, Options, Param, Post, Req, Res } from '@nestjs/common';
import { CurrentPrincipal, Public, Roles, type Principal } from '@lotledger/auth';
import { APP_CONFIG, READ_MODEL, type AppConfig } from '@lotledger/platform';
import type { CaptureErrorBehaviour, CaptureJobStore } from '@lotledger/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaptureProblem } from '../capture/capture.problem.js';
import { CaptureService, eventLocation } from '../capture/capture.service.js';
import { CAPTURE_SERVICE } from '../ingest.tokens.js';
import { captureHeaders } from './capture.headers.js';
import { captureJobView } from './capture-job.view.js';
import { CAPTURE_MEDIA_TYPES, wasParsedStrictly } from './strict-json.body-parser.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EPCIS 2.0 capture interface (REST binding): documents, single events, and capture jobs. */
@Controller('epcis')
export class CaptureController {
  constructor(
    @Inject(CAPTURE_SERVICE) private readonly service: CaptureService,
    @Inject(READ_MODEL) private readonly jobs: CaptureJobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Discovery of the capture interface's settings (EPCIS 2.0 REST binding: OPTIONS /capture). */
  @Options('capture')
  @Public()
  @HttpCode(204)
  @Header('Allow', 'OPTIONS, POST')
  @Header('GS1-Capture-Error-Behaviour', 'rollback, proceed')
  discover(@Res({ passthrough: true }) reply: FastifyReply): void {
    for (const [name, value] of Object.entries(captureHeaders(this.config.capture.maxBytes))) void reply.header(name, value);
  }

  @Post('capture')
  @Roles('supplier')
  @HttpCode(202)
  async captureDocument(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const body = requireStrictBody(request);
    const outcome = await this.service.capture({
      body,
      submitterMsp: submitterOf(principal),
      errorBehaviour: errorBehaviourOf(request.headers['gs1-capture-error-behaviour']),
      expect: 'document',
      channel: 'rest',
      checkParties: true,
    });
    void reply.header('Location', `/epcis/capture/${outcome.captureId}`);
    return { captureID: outcome.captureId, eventCount: outcome.hashIds.length, hashIds: outcome.hashIds, errors: outcome.errors };
  }

  @Post('events')
  @Roles('supplier')
  @HttpCode(201)
  async captureEvent(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const body = requireStrictBody(request);
    const outcome = await this.service.capture({
      body,
      submitterMsp: submitterOf(principal),
      errorBehaviour: 'rollback',
      expect: 'event',
      channel: 'rest',
      checkParties: true,
      refuseDuplicate: true,
    });
    const hashId = outcome.hashIds[0] ?? '';
    void reply.header('Location', eventLocation(hashId));
    return { hashId, captureID: outcome.captureId };
  }

  @Get('capture/:captureId')
  @Roles('supplier', 'regulator', 'admin')
  async captureJob(@Param('captureId') captureId: string, @CurrentPrincipal() principal: Principal): Promise<Record<string, unknown>> {
    const job = UUID.test(captureId) ? await this.jobs.getCaptureJob(captureId.toLowerCase()) : null;
    // A supplier sees its own jobs only; another organisation's job is "not found", not "forbidden".
    if (job === null || (principal.role === 'supplier' && job.submitterMsp !== principal.org)) {
      throw new CaptureProblem(404, 'NOT_FOUND', `no capture job ${captureId}`);
    }
    return captureJobView(job);
  }
}

function requireStrictBody(request: FastifyRequest): unknown {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(CAPTURE_MEDIA_TYPES as readonly string[]).includes(type)) {
    throw new CaptureProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `${type === '' ? 'no media type' : type} is not accepted; send application/json or application/ld+json`,
    );
  }
  if (!wasParsedStrictly(request)) {
    throw new CaptureProblem(500, 'INGEST_NOT_CONFIGURED', 'the strict JSON parser is not installed (configureIngestHttp)');
  }
  return request.body;
}

function submitterOf(principal: Principal): string {
  // The guard only lets suppliers in here, and a supplier token always names its organisation.
  if (principal.org === undefined)
    throw new CaptureProblem(500, 'INGEST_NOT_CONFIGURED', 'a supplier without an organisation reached capture');
  return principal.org;
}

function errorBehaviourOf(header: string | string[] | undefined): CaptureErrorBehaviour {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'rollback') return 'rollback';
  if (value === 'proceed') return 'proceed';
  throw new CaptureProblem(400, 'INVALID_HEADER', 'GS1-Capture-Error-Behaviour must be rollback or proceed', [
    {
      pointer: '',
      code: 'INVALID_HEADER',
      message: `GS1-Capture-Error-Behaviour is "${value}"`,
      expected: 'rollback (the default) or proceed',
    },
  ]);
}
