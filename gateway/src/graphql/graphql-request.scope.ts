import { Inject, Injectable } from '@nestjs/common';
import { principalOf, type Principal } from '@lotledger/auth';
import { READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore, StoredEvent } from '@lotledger/store';
import { ProvenanceService } from '../provenance/provenance.service.js';
import { createLoaders, type GraphqlLoaders } from './graphql.loaders.js';
import type { EventModel, Plain } from './graphql.models.js';
import { eventModel } from './graphql-visibility.js';

/** Mercurius passes `{ reply, app, … }` as the context; the guard records the caller on reply.request. */
export interface GraphqlContext {
  readonly reply?: { readonly request?: object };
}

/** The caller of this GraphQL request (a consumer when no token was sent). */
export function principalOfContext(context: GraphqlContext): Principal {
  const request = context.reply?.request;
  return principalOf(request ?? context);
}

/** Per-request state shared by the resolvers: DataLoaders keyed by the request's context object. */
@Injectable()
export class GraphqlRequestScope {
  readonly #loaders = new WeakMap<object, GraphqlLoaders>();

  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(ProvenanceService) private readonly provenance: ProvenanceService,
  ) {}

  loaders(context: GraphqlContext): GraphqlLoaders {
    let known = this.#loaders.get(context);
    if (known === undefined) {
      known = createLoaders(this.store);
      this.#loaders.set(context, known);
    }
    return known;
  }

  /** Events as this caller may see them (public places named from the registry). */
  async events(stored: readonly StoredEvent[], principal: Principal): Promise<Plain<EventModel>[]> {
    const places = await this.provenance.places(stored, null);
    return stored.map((e) => eventModel(e, principal, places));
  }
}
