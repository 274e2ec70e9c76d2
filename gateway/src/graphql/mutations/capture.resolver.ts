import { HttpException, Inject, Optional } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '@lotledger/auth';
import { READ_MODEL } from '@lotledger/platform';
import type { CaptureJobStore, JsonValue } from '@lotledger/store';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import { JsonScalar, type Plain } from '../graphql.models.js';
import { GraphQLError } from '../graphql-runtime.js';
import { CaptureErrorBehaviourArg, CaptureResultModel } from './capture.models.js';
import { EVENT_CAPTURE, type CaptureIssue, type EventCapturePort } from './event-capture.port.js';
import { mutationError } from './mutation-errors.js';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issuesOf(value: unknown): CaptureIssue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((i: unknown) =>
    isRecord(i) && typeof i['pointer'] === 'string' && typeof i['code'] === 'string'
      ? [
          {
            pointer: i['pointer'],
            code: i['code'],
            message: typeof i['message'] === 'string' ? i['message'] : '',
            expected: typeof i['expected'] === 'string' ? i['expected'] : '',
          },
        ]
      : [],
  );
}

/**
 * A refusal of the capture use case (ingest's CaptureProblem: an HttpException whose body is
 * `{code, message, errors}`) as a GraphQL error: the same code REST puts in its problem details, the
 * HTTP status REST would answer, and every issue with its JSON pointer into the document.
 */
export function captureError(error: unknown): GraphQLError | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const body = error.getResponse();
  if (!isRecord(body) || typeof body['code'] !== 'string') return undefined;
  const issues = issuesOf(body['errors']);
  return new GraphQLError(typeof body['message'] === 'string' ? body['message'] : error.message, {
    extensions: {
      code: body['code'],
      status: error.getStatus(),
      issues,
      pointers: issues.map((i) => i.pointer),
      ...(typeof body['captureID'] === 'string' ? { captureId: body['captureID'] } : {}),
    },
  });
}

/**
 * captureEvents(document): the REST capture path (POST /epcis/capture) over GraphQL — the same use
 * case, so the same validation, party checks, job and event log. Suppliers only, as over REST.
 */
@Roles('supplier')
@Resolver()
export class CaptureMutationResolver {
  constructor(
    @Inject(READ_MODEL) private readonly jobs: CaptureJobStore,
    @Optional() @Inject(EVENT_CAPTURE) private readonly capture: EventCapturePort | null = null,
  ) {}

  @Roles('supplier')
  @Mutation(() => CaptureResultModel, {
    description: 'Captures an EPCISDocument as POST /epcis/capture does; returns the capture job and each event hash ID with its status.',
  })
  async captureEvents(
    @Args('document', { type: () => JsonScalar }) document: JsonValue,
    @Args('errorBehaviour', { type: () => CaptureErrorBehaviourArg, defaultValue: CaptureErrorBehaviourArg.ROLLBACK })
    errorBehaviour: CaptureErrorBehaviourArg,
    @Context() context: GraphqlContext,
  ): Promise<Plain<CaptureResultModel>> {
    if (this.capture === null)
      throw mutationError(
        'CAPTURE_UNAVAILABLE',
        'this gateway runs without the capture service; use lotledger start or POST /epcis/capture',
      );
    const principal = principalOfContext(context);
    // The guard lets only suppliers in, and a supplier token always names its organisation.
    if (principal.org === undefined)
      throw mutationError('ORGANIZATION_REQUIRED', 'a supplier token without an organisation cannot capture');
    const outcome = await this.capture
      .capture({
        body: document,
        submitterMsp: principal.org,
        errorBehaviour: errorBehaviour === CaptureErrorBehaviourArg.PROCEED ? 'proceed' : 'rollback',
        expect: 'document',
        channel: 'rest',
        checkParties: true,
      })
      .catch((e: unknown) => {
        throw captureError(e) ?? e;
      });
    const job = await this.jobs.getCaptureJob(outcome.captureId);
    const statusOf = new Map((job?.events ?? []).map((e) => [e.hashId, e.status]));
    return {
      captureId: outcome.captureId,
      status: job?.status ?? 'running',
      eventCount: outcome.hashIds.length,
      events: outcome.hashIds.map((hashId) => ({ hashId, status: statusOf.get(hashId) ?? 'pending' })),
      issues: outcome.errors.map((i) => ({ pointer: i.pointer, code: i.code, message: i.message, expected: i.expected })),
    };
  }
}
