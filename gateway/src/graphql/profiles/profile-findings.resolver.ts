import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Roles, type Principal } from '@lotledger/auth';
import { GraphQLError } from '../graphql-runtime.js';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import type { Plain } from '../graphql.models.js';
import { ProfileFindingsModel } from './profile-findings.models.js';
import { ProfileFindingsService, type ObjectFindings } from './profile-findings.service.js';

/** Regulators see every object's findings; a supplier those of its own products only. */
export function seesFindings(principal: Principal, ownerMsp: string | null): boolean {
  if (principal.role === 'regulator') return true;
  return principal.role === 'supplier' && principal.org !== undefined && ownerMsp !== null && principal.org === ownerMsp;
}

export function findingsModel(found: ObjectFindings): Plain<ProfileFindingsModel> {
  return {
    id: found.id,
    industry: found.product?.industry ?? null,
    ownerMsp: found.ownerMsp,
    findings: found.findings.map((f) => ({
      code: f.code,
      industry: f.industry,
      message: f.message,
      field: f.field,
      observed: f.observed,
      limitMin: f.limit.min ?? null,
      limitMax: f.limit.max ?? null,
      unit: f.unit,
      source: f.source,
      eventTime: f.eventTime ?? null,
      eventHashId: f.eventRef ?? null,
    })),
  };
}

/**
 * Industry-profile findings of one object (cold-chain excursions, out-of-spec certificate values):
 * for the product's owner organisation and for regulators; anyone else is refused with FORBIDDEN.
 */
@Roles('supplier', 'regulator')
@Resolver()
export class ProfileFindingsResolver {
  constructor(@Inject(ProfileFindingsService) private readonly findings: ProfileFindingsService) {}

  @Roles('supplier', 'regulator')
  @Query(() => ProfileFindingsModel, {
    nullable: true,
    description: "Industry-profile findings of an object (by EPC URN or GS1 Digital Link): the owner's and regulators' view.",
  })
  async profileFindings(
    @Args('id', { type: () => String }) id: string,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ProfileFindingsModel> | null> {
    const found = await this.findings.of(id);
    if (found === null) return null;
    if (!seesFindings(principalOfContext(context), found.ownerMsp))
      throw new GraphQLError('profile findings are shown to the owner organisation and to regulators only', {
        extensions: { code: 'FORBIDDEN' },
      });
    return findingsModel(found);
  }
}
