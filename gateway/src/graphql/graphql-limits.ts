import type { ASTVisitor, FragmentDefinitionNode, SelectionSetNode, ValidationContext } from 'graphql';
import { createComplexityRule, fieldExtensionsEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, GraphQLError, isLeafType, Kind } from './graphql-runtime.js';

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

/** Refuses operations whose estimated cost (list fields weighted by their page size) exceeds `max`: code QUERY_TOO_COMPLEX. */
export function complexityLimitRule(
  max: number,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): (context: ValidationContext) => ASTVisitor {
  return createComplexityRule({
    maximumComplexity: max,
    estimators: [fieldExtensionsEstimator(), leafFreeEstimator],
    ...(variables === undefined ? {} : { variables }),
    ...(operationName === undefined ? {} : { operationName }),
    createError: (maximum: number, actual: number) =>
      new GraphQLError(`the query costs ${String(actual)}; at most ${String(maximum)} is allowed`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', complexity: actual, maxComplexity: maximum },
      }),
  });
}
