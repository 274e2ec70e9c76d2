import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { ProvenanceService } from '../provenance/provenance.service.js';
import { TraceCache } from '../provenance/trace-cache.js';
import { sendEncoded } from '../http/http-headers.js';
import { codedErrorFormatter } from './graphql-error-codes.js';
import { complexityLimitHook, depthLimitRule, MAX_QUERY_COMPLEXITY, MAX_QUERY_DEPTH } from './graphql-limits.js';
import { readPlainFieldsDirectly } from './graphql-plain-fields.js';
import { GraphqlRequestScope } from './graphql-request.scope.js';
import { TraceAnswerCache } from './trace-answer-cache.js';
import {
  EventFieldsResolver,
  ObjectStateFieldsResolver,
  ProductFieldsResolver,
  TraceEdgeFieldsResolver,
} from './nested-field.resolvers.js';
import { ProvenanceQueryResolver } from './provenance.resolver.js';
import { HoldMutationResolver } from './mutations/hold.resolver.js';
import { RegistrationMutationResolver } from './mutations/registration.resolver.js';
import { SigningKeyMutationResolver } from './mutations/signing-key.resolver.js';
import { ProfileFindingsResolver } from './profiles/profile-findings.resolver.js';
import { ProfileFindingsService } from './profiles/profile-findings.service.js';
import { AlertsResolver } from './alerts/alerts.resolver.js';

const GRAPHQL_PATH = '/graphql';

/**
 * POST /graphql (code-first, Mercurius on the app's Fastify). Read-only provenance queries; the
 * schema is generated in memory (no schema file written at boot). Needs READ_MODEL and LEDGER.
 */
@Module({
  imports: [
    GraphQLModule.forRoot<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      autoSchemaFile: true,
      sortSchema: true,
      path: GRAPHQL_PATH,
      graphiql: false,
      // Parsed and validated documents are cached by their text (1,024 of them), and a document seen
      // twice is compiled with graphql-jit: a 1,000-node trace then serialises several times faster.
      // The depth rule reads only the document, so it stays a validation rule; the complexity limit
      // reads the variables and runs before each execution instead (graphql-limits.ts).
      cache: true,
      jit: 1,
      errorFormatter: codedErrorFormatter,
      validationRules: [depthLimitRule(MAX_QUERY_DEPTH)],
      hooks: { preExecution: complexityLimitHook(MAX_QUERY_COMPLEXITY) },
      // Plain data fields are read as properties, not through one resolver call each (graphql-plain-fields.ts).
      transformSchema: (schema) => {
        readPlainFieldsDirectly(schema);
        return schema;
      },
    }),
  ],
  providers: [
    ProvenanceService,
    TraceCache,
    TraceAnswerCache,
    GraphqlRequestScope,
    ProvenanceQueryResolver,
    ObjectStateFieldsResolver,
    EventFieldsResolver,
    TraceEdgeFieldsResolver,
    ProductFieldsResolver,
    HoldMutationResolver,
    RegistrationMutationResolver,
    SigningKeyMutationResolver,
    ProfileFindingsService,
    ProfileFindingsResolver,
    AlertsResolver,
  ],
  // The regulator page looks walks up through the same cache.
  exports: [TraceCache],
})
export class GatewayGraphqlModule implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(GraphQLSchemaHost) private readonly schemaHost: GraphQLSchemaHost,
    @Inject(TraceAnswerCache) private readonly answers: TraceAnswerCache,
  ) {}

  /** A regulator's repeated trace query is answered from its kept answer while its walks hold (trace-answer-cache.ts). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const isGraphqlPost = (request: FastifyRequest): boolean => request.method === 'POST' && request.routeOptions.url === GRAPHQL_PATH;
    fastify.addHook('preHandler', async (request, reply) => {
      if (!isGraphqlPost(request)) return;
      const kept = await this.answers.answer(request, request.headers, request.body, this.schemaHost.schema);
      if (kept === null) return;
      // Kept bytes go out in the coding the client accepts (br or gzip: a tenth of a trace's 250 kB).
      await sendEncoded(
        reply.header('vary', 'Accept-Encoding'),
        200,
        kept,
        'application/json; charset=utf-8',
        request.headers['accept-encoding'],
      );
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (isGraphqlPost(request)) this.answers.keep(request, reply.statusCode, payload);
      return payload;
    });
  }
}
