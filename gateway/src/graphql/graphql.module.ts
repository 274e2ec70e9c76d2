import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { ProvenanceService } from '../provenance/provenance.service.js';
import { codedErrorFormatter } from './graphql-error-codes.js';
import { complexityLimitRule, depthLimitRule, MAX_QUERY_COMPLEXITY, MAX_QUERY_DEPTH } from './graphql-limits.js';
import { GraphqlRequestScope } from './graphql-request.scope.js';
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
      path: '/graphql',
      graphiql: false,
      // The complexity rule needs each request's variables, which rules out Mercurius's query cache.
      cache: false,
      errorFormatter: codedErrorFormatter,
      validationRules: ({ variables, operationName }) => [
        depthLimitRule(MAX_QUERY_DEPTH),
        complexityLimitRule(MAX_QUERY_COMPLEXITY, variables, operationName),
      ],
    }),
  ],
  providers: [
    ProvenanceService,
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
  ],
})
export class GatewayGraphqlModule {}
