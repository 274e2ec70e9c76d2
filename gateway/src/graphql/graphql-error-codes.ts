import { createRequire } from 'node:module';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';

type ErrorFormatter = NonNullable<MercuriusDriverConfig['errorFormatter']>;

const { defaultErrorFormatter } = createRequire(import.meta.url)('mercurius') as { defaultErrorFormatter: ErrorFormatter };

interface SerialisedError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * Every GraphQL error carries `extensions.code`, so a client can branch without reading messages.
 * Our own errors bring theirs (auth, limits, mutations); what graphql-js refuses before any resolver
 * runs — a syntax error, an unknown field, a wrong argument type — comes from Mercurius without one,
 * and gets the codes GraphQL servers commonly use for those (GRAPHQL_PARSE_FAILED,
 * GRAPHQL_VALIDATION_FAILED). An uncoded error inside execution (it has a path) is INTERNAL_SERVER_ERROR.
 */
export const codedErrorFormatter: ErrorFormatter = (execution, context) => {
  const formatted = defaultErrorFormatter(execution, context);
  const errors = (formatted.response as { errors?: SerialisedError[] }).errors ?? [];
  for (const error of errors) {
    if (typeof error.extensions?.['code'] === 'string') continue;
    const code = error.message.startsWith('Syntax Error')
      ? 'GRAPHQL_PARSE_FAILED'
      : error.path === undefined
        ? 'GRAPHQL_VALIDATION_FAILED'
        : 'INTERNAL_SERVER_ERROR';
    error.extensions = { ...error.extensions, code };
  }
  return formatted;
};
