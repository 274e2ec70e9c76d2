import type { ASTVisitor, DocumentNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode, ValidationContext } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, getOperationAST, GraphQLError, isLeafType, Kind, OperationTypeNode } from './graphql-runtime.js';

export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_COMPLEXITY = 2000;

function depthOf(
  set: SelectionSetNode | undefined,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: ReadonlySet<string>,
): number {
  if (set === undefined) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection meta-fields do not count: tools ask for them and they are bounded.
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment === undefined || seen.has(name)) continue; // cycles are the NoFragmentCycles rule's business
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return deepest;
}

/** Refuses operations whose field nesting exceeds `max` (fragments expanded), with code QUERY_TOO_DEEP. */
export function depthLimitRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    Document(document) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = depthOf(d.selectionSet, fragments, new Set());
        if (depth > max)
          context.reportError(
            new GraphQLError(`the query is ${String(depth)} levels deep; at most ${String(max)} are allowed`, {
              nodes: [d],
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: max },
            }),
          );
      }
    },
  });
}

// Scalars cost nothing (they come with their row); every object or list field costs one plus its children.
const leafFreeEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity;

/** The operation a request names (body for POST, query string for GET), as Mercurius reads it. */
function operationNameOf(context: unknown): string | undefined {
  const request = (context as { reply?: { request?: { body?: unknown; query?: unknown } } }).reply?.request;
  for (const bag of [request?.body, request?.query]) {
    const name = (bag as { operationName?: unknown } | undefined)?.operationName;
    if (typeof name === 'string' && name !== '') return name;
  }
  return undefined;
}

/**
 * Refuses operations whose estimated cost (list fields weighted by their page size) exceeds `max`:
 * code QUERY_TOO_COMPLEX, HTTP 400, the same answer as a validation error.
 *
 * A Mercurius preExecution hook, not a validation rule: the cost depends on each request's variables
 * (`first`, `maxDepth`), and a validation rule that reads them rules out Mercurius's document cache —
 * and with it graphql-jit, which compiles a cached document once and is what makes a 1,000-node trace
 * cheap to serialise. The hook runs on every request, cached document or not.
 */
export function complexityLimitHook(
  max: number,
): (
  schema: GraphQLSchema,
  document: DocumentNode,
  context: unknown,
  variables: Record<string, unknown> | undefined,
) => { document: DocumentNode } | undefined {
  return (schema, document, context, variables) => {
    const operationName = operationNameOf(context);
    // Mutations run on graphql-js, not graphql-jit: they are rare writes, and graphql-jit 0.8 refuses an
    // omitted input field that is non-null with a default (`glns: [String!]! = []`), which the spec
    // allows. Handing the document back as "modified" is how a Mercurius hook opts out of the compiled
    // query for one request.
    const mutation = getOperationAST(document, operationName)?.operation === OperationTypeNode.MUTATION;
    const graphqlJs = mutation ? { document } : undefined;
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: document,
        estimators: [fieldExtensionsEstimator(), leafFreeEstimator],
        ...(variables === undefined ? {} : { variables }),
        ...(operationName === undefined ? {} : { operationName }),
      });
    } catch {
      // Variables that do not fit the operation: execution refuses them with its own message.
      return graphqlJs;
    }
    if (cost <= max) return graphqlJs;
    throw Object.assign(new Error('Graphql validation error'), {
      statusCode: 400,
      errors: [
        new GraphQLError(`the query costs ${String(cost)}; at most ${String(max)} is allowed`, {
          extensions: { code: 'QUERY_TOO_COMPLEX', complexity: cost, maxComplexity: max },
        }),
      ],
    });
  };
}
