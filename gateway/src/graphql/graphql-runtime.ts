import { createRequire } from 'node:module';

/**
 * graphql-js, loaded the way @nestjs/graphql and Mercurius load it. graphql 16 ships both CommonJS
 * (`main`) and ESM (`module`) builds; a bundler-style resolver (Vitest) picks the ESM one for our
 * sources while the CommonJS libraries get the other, and graphql's `instanceof` checks then fail
 * ("Cannot determine a GraphQL output type"). Requiring it gives every caller the one copy.
 */
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const { GraphQLError, GraphQLScalarType, Kind, OperationTypeNode, getNamedType, getOperationAST, isLeafType, isObjectType } =
  graphql;

export type GraphQLError = import('graphql').GraphQLError;

/** The whole module, for the few callers that walk documents (parse, visit, TypeInfo). */
export const graphqlRuntime = graphql;
