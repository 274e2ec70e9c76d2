import { Inject } from '@nestjs/common';
import { Public } from '@lotledger/auth';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore, StoredEvent } from '@lotledger/store';
import { GraphqlRequestScope, principalOfContext, type GraphqlContext } from './graphql-request.scope.js';
import { EventModel, ObjectStateModel, OrganizationModel, ProductModel, TraceEdgeModel, type Plain } from './graphql.models.js';
import { objectModel } from './graphql-visibility.js';

const MAX_OBJECT_EVENTS = 100;

interface ComplexityArgs {
  readonly args: { readonly first?: number };
  readonly childComplexity: number;
}

/** Nested fields of ObjectState, resolved through the request's DataLoaders. */
@Public()
@Resolver(() => ObjectStateModel)
export class ObjectStateFieldsResolver {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(GraphqlRequestScope) private readonly scope: GraphqlRequestScope,
  ) {}

  @ResolveField(() => ProductModel, { nullable: true })
  async product(@Parent() object: Plain<ObjectStateModel>, @Context() context: GraphqlContext): Promise<Plain<ProductModel> | null> {
    if (object.gtin === null) return null;
    const product = await this.scope.loaders(context).product.load(object.gtin);
    return product === null ? null : { ...product };
  }

  @ResolveField(() => [EventModel], {
    description: 'The events that name this object, oldest first (at most `first`, 1…100).',
    complexity: ({ args, childComplexity }: ComplexityArgs) => (1 + childComplexity) * Math.min(args.first ?? 20, MAX_OBJECT_EVENTS),
  })
  async events(
    @Parent() object: Plain<ObjectStateModel>,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Context() context: GraphqlContext,
  ): Promise<Plain<EventModel>[]> {
    if (!object.visible) return [];
    const page = await this.store.queryEvents({ MATCH_anyEPC: [object.id] }, { first: Math.max(1, Math.min(first, MAX_OBJECT_EVENTS)) });
    return this.scope.events(page.events, principalOfContext(context));
  }
}

@Public()
@Resolver(() => EventModel)
export class EventFieldsResolver {
  constructor(@Inject(GraphqlRequestScope) private readonly scope: GraphqlRequestScope) {}

  @ResolveField(() => [ObjectStateModel], {
    description: 'The current state of each object the event names (as far as the caller may see).',
  })
  async objects(@Parent() event: Plain<EventModel>, @Context() context: GraphqlContext): Promise<Plain<ObjectStateModel>[]> {
    const principal = principalOfContext(context);
    const states = await this.scope.loaders(context).object.loadMany(event.objectIds);
    return event.objectIds.map((id, i) => {
      const state = states[i];
      return objectModel(id, state instanceof Error || state === undefined ? null : state, principal);
    });
  }
}

@Public()
@Resolver(() => TraceEdgeModel)
export class TraceEdgeFieldsResolver {
  constructor(@Inject(GraphqlRequestScope) private readonly scope: GraphqlRequestScope) {}

  @ResolveField(() => EventModel, { nullable: true, description: 'The event that made this link.' })
  async event(@Parent() edge: Plain<TraceEdgeModel>, @Context() context: GraphqlContext): Promise<Plain<EventModel> | null> {
    const stored: StoredEvent | null = await this.scope.loaders(context).event.load(edge.eventHash);
    if (stored === null) return null;
    const [model] = await this.scope.events([stored], principalOfContext(context));
    return model ?? null;
  }
}

@Public()
@Resolver(() => ProductModel)
export class ProductFieldsResolver {
  constructor(@Inject(GraphqlRequestScope) private readonly scope: GraphqlRequestScope) {}

  @ResolveField(() => OrganizationModel, { nullable: true, description: 'The brand owner.' })
  async owner(@Parent() product: Plain<ProductModel>, @Context() context: GraphqlContext): Promise<Plain<OrganizationModel> | null> {
    const org = await this.scope.loaders(context).organisation.load(product.ownerMsp);
    return org === null
      ? null
      : { mspId: org.mspId, name: org.name, role: org.role, companyPrefixes: [...org.companyPrefixes], glns: [...org.glns] };
  }
}
