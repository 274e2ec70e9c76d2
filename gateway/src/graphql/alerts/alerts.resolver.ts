import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles, type Principal } from '@lotledger/auth';
import { READ_MODEL } from '@lotledger/platform';
import { InvalidCursorError, type AlertQuery, type AlertStore, type StoredAlert } from '@lotledger/store';
import { GraphQLError } from '../graphql-runtime.js';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import type { Plain } from '../graphql.models.js';
import { AlertConnectionModel, AlertModel } from './alerts.models.js';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * Whose alerts a caller sees: a regulator every organisation's (undefined), a supplier its own
 * organisation's. Anyone else is refused — checked here as well as by the guard's @Roles, so a gateway
 * composed without the auth module still shows a consumer nothing.
 */
export function alertScopeOf(principal: Principal): { readonly ownerMsp: string | undefined } {
  if (principal.role === 'regulator') return { ownerMsp: undefined };
  if (principal.role === 'supplier' && principal.org !== undefined) return { ownerMsp: principal.org };
  throw forbidden('alerts are shown to the owner organisation and to regulators only');
}

function seesAlert(principal: Principal, alert: StoredAlert): boolean {
  const { ownerMsp } = alertScopeOf(principal);
  return ownerMsp === undefined || alert.ownerMsp === ownerMsp;
}

/** Who acknowledged, as recorded: the token subject and its organisation. */
function actorOf(principal: Principal): string {
  const subject = principal.subject ?? principal.role;
  return principal.org === undefined ? subject : `${subject} (${principal.org})`;
}

interface ComplexityArgs {
  readonly args: { readonly first?: number };
  readonly childComplexity: number;
}

/**
 * The alerts inbox (issue 7 §1, §3): findings raised when their event was anchored, newest first.
 * Suppliers see and acknowledge their own organisation's, regulators all; consumers none.
 */
@Roles('supplier', 'regulator')
@Resolver()
export class AlertsResolver {
  constructor(@Inject(READ_MODEL) private readonly store: AlertStore) {}

  @Roles('supplier', 'regulator')
  @Query(() => AlertConnectionModel, {
    description: "Industry-profile alerts, newest first: a supplier's own organisation's, every organisation's for a regulator.",
    complexity: ({ args, childComplexity }: ComplexityArgs) => 1 + childComplexity * Math.min(args.first ?? DEFAULT_PAGE, MAX_PAGE),
  })
  async alerts(
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('industry', { type: () => String, nullable: true, description: 'pharma, auto or steel.' }) industry: string | null,
    @Args('code', { type: () => String, nullable: true, description: 'COLD_CHAIN_EXCURSION or CERTIFICATE_OUT_OF_SPEC.' })
    code: string | null,
    @Args('acknowledged', { type: () => Boolean, nullable: true, description: 'true: acknowledged only; false: open only.' })
    acknowledged: boolean | null,
    @Context() context: GraphqlContext,
  ): Promise<Plain<AlertConnectionModel>> {
    const { ownerMsp } = alertScopeOf(principalOfContext(context));
    const size = first ?? DEFAULT_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
      throw new GraphQLError(`first must be 1…${String(MAX_PAGE)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    const query: AlertQuery = {
      ...(ownerMsp === undefined ? {} : { ownerMsp }),
      ...(industry === null ? {} : { industry }),
      ...(code === null ? {} : { code }),
      ...(acknowledged === null ? {} : { acknowledged }),
    };
    try {
      const page = await this.store.listAlerts(query, { first: size, ...(after === null ? {} : { after }) });
      return { nodes: page.alerts.map(alertModel), pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor } };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
      throw error;
    }
  }

  @Roles('supplier', 'regulator')
  @Mutation(() => AlertModel, {
    description: 'Acknowledges an alert (its owner organisation or a regulator); records who and when. The first acknowledgement stays.',
  })
  async acknowledgeAlert(@Args('id', { type: () => String }) id: string, @Context() context: GraphqlContext): Promise<Plain<AlertModel>> {
    const principal = principalOfContext(context);
    const alert = await this.store.getAlert(id);
    // Another organisation's alert is answered like a missing one: its existence is not disclosed.
    if (alert === null || !seesAlert(principal, alert))
      throw new GraphQLError(`alert ${id} is not known`, { extensions: { code: 'NOT_FOUND' } });
    const acknowledged = await this.store.acknowledgeAlert(id, actorOf(principal), new Date().toISOString());
    if (acknowledged === null) throw new GraphQLError(`alert ${id} is not known`, { extensions: { code: 'NOT_FOUND' } });
    return alertModel(acknowledged);
  }
}

export function alertModel(alert: StoredAlert): Plain<AlertModel> {
  return { ...alert };
}
