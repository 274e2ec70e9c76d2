import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '@lotledger/auth';
import { canonicalObjectId } from '@lotledger/domain';
import type { HoldKind, LedgerPort, ObjectState } from '@lotledger/ledger';
import { LEDGER, READ_MODEL, storedObjectState } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import { principalOfContext, type GraphqlContext } from '../graphql-request.scope.js';
import { ObjectStateModel, type Plain } from '../graphql.models.js';
import { objectModel } from '../graphql-visibility.js';
import { ledgerMspOf } from './caller-organization.js';
import { ledgerMutationError, mutationError } from './mutation-errors.js';
import { HoldKindArg } from './mutation.models.js';

const MAX_REASON = 1000;

/**
 * Recall, quarantine and release. The ledger decides who may (the owner, the custodian or a regulator
 * sets a hold; only its setter releases it); the read model then gets the ledger's new state.
 */
@Roles('supplier', 'regulator')
@Resolver()
export class HoldMutationResolver {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
  ) {}

  @Roles('supplier', 'regulator')
  @Mutation(() => ObjectStateModel, { description: 'Recalls an object (lot, item, container) on the ledger.' })
  recall(
    @Args('id', { type: () => String }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ObjectStateModel>> {
    return this.hold(id, 'recall', reason, context);
  }

  @Roles('supplier', 'regulator')
  @Mutation(() => ObjectStateModel, { description: 'Puts an object in quarantine on the ledger.' })
  quarantine(
    @Args('id', { type: () => String }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ObjectStateModel>> {
    return this.hold(id, 'quarantine', reason, context);
  }

  @Roles('supplier', 'regulator')
  @Mutation(() => ObjectStateModel, { description: 'Releases a recall or quarantine hold (only its setter may).' })
  async release(
    @Args('id', { type: () => String }) id: string,
    @Args('kind', { type: () => HoldKindArg }) kind: HoldKindArg,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ObjectStateModel>> {
    const principal = principalOfContext(context);
    const objectId = canonicalObjectId(id);
    const msp = ledgerMspOf(principal);
    const state = await this.ledger.releaseHold(msp, { objectId, kind }).catch((e: unknown) => {
      throw ledgerMutationError(e);
    });
    return this.record(state, context);
  }

  private async hold(id: string, kind: HoldKind, reason: string, context: GraphqlContext): Promise<Plain<ObjectStateModel>> {
    const principal = principalOfContext(context);
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > MAX_REASON)
      throw mutationError('BAD_USER_INPUT', `a ${kind} needs a reason of 1…${String(MAX_REASON)} characters`);
    const objectId = canonicalObjectId(id);
    const msp = ledgerMspOf(principal);
    const state = await this.ledger.setHold(msp, { objectId, kind, reason: trimmed }).catch((e: unknown) => {
      throw ledgerMutationError(e);
    });
    return this.record(state, context);
  }

  /** Writes the ledger's answer to the read model and returns the row as this caller may see it. */
  private async record(state: ObjectState, context: GraphqlContext): Promise<Plain<ObjectStateModel>> {
    // The row keeps the newest state by time: a hold must be newer than what is there even if this
    // host's clock lags the one that anchored the last batch.
    const known = await this.store.getObject(state.id);
    const after = known === null ? 0 : Date.parse(known.updatedAt) + 1;
    const changedAt = new Date(Math.max(Date.now(), Number.isNaN(after) ? 0 : after)).toISOString();
    await this.store.upsertObjectStates([storedObjectState(state, changedAt)]);
    return objectModel(state.id, await this.store.getObject(state.id), principalOfContext(context));
  }
}
