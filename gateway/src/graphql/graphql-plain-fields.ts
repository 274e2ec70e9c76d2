import type { GraphQLSchema } from 'graphql';
import { isObjectType } from './graphql-runtime.js';

/** The name of the resolver @nestjs/graphql gives every field of a code-first object type. */
const NEST_PROPERTY_RESOLVER = 'rootFieldResolver';

/**
 * Lets plain data fields be read as plain properties.
 *
 * @nestjs/graphql (code-first) gives every field of every object type a resolver of its own that only
 * reads `parent[field]` (its `rootFieldResolver`, which also returns the field's `defaultValue`). A field
 * with a resolver is one graphql-jit must call, with a resolve info built for it, instead of reading the
 * property in its compiled code: a 1,000-node trace has some 15,000 such calls per request. Removing them
 * changes no answer — GraphQL's default resolver reads the same property — as long as no output field
 * declares a defaultValue (none does: only input types use it, and input fields have no resolver).
 * Fields with a real resolver (@ResolveField, @Query, @Mutation) keep it.
 *
 * Returns how many fields were changed (a test checks the trace types are among them).
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): number {
  let changed = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve?.name !== NEST_PROPERTY_RESOLVER) continue;
      field.resolve = undefined;
      changed++;
    }
  }
  return changed;
}
