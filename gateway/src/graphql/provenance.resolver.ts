import { Inject } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@lotledger/auth';
import { canonicalObjectId, formatDigitalLink, MerkleTree } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import { MAX_TRACE_DEPTH, type EpcisEventQuery, type ReadModelStore } from '@lotledger/store';
import { LedgerVerifier } from '../provenance/ledger-verification.js';
import { TraceCache } from '../provenance/trace-cache.js';
import { TraceAnswerCache } from './trace-answer-cache.js';
import { GraphQLError } from './graphql-runtime.js';
import type { GraphqlLoaders } from './graphql.loaders.js';
import { GraphqlRequestScope, principalOfContext, type GraphqlContext } from './graphql-request.scope.js';
import {
  EventConnectionModel,
  EventFilterInput,
  EventVerificationModel,
  ObjectStateModel,
  OrganizationModel,
  ProductModel,
  RecallImpactModel,
  TraceDirectionArg,
  TraceModel,
  type Plain,
} from './graphql.models.js';
import { objectModel, seesCustody, seesEventFully } from './graphql-visibility.js';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

interface ComplexityArgs {
  readonly args: { readonly first?: number; readonly maxDepth?: number };
  readonly childComplexity: number;
}

function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} is not known`, { extensions: { code: 'NOT_FOUND' } });
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * The provenance queries. Every query is @Public(): consumers need no token, and what a caller gets is
 * narrowed field by field by its role (graphql-visibility.ts), never by a separate schema.
 */
@Public()
@Resolver()
export class ProvenanceQueryResolver {
  constructor(
    @Inject(READ_MODEL) private readonly store: ReadModelStore,
    @Inject(LEDGER) private readonly ledger: LedgerPort,
    @Inject(GraphqlRequestScope) private readonly scope: GraphqlRequestScope,
    @Inject(TraceCache) private readonly traces: TraceCache,
  ) {}

  private loaders(context: GraphqlContext): GraphqlLoaders {
    return this.scope.loaders(context);
  }

  @Public()
  @Query(() => ProductModel, { nullable: true, description: 'GTIN master data.' })
  async product(@Args('gtin', { type: () => String }) gtin: string): Promise<Plain<ProductModel> | null> {
    const product = await this.store.getProduct(gtin);
    return product === null ? null : { ...product };
  }

  @Public()
  @Query(() => ObjectStateModel, { nullable: true, description: 'A lot of a product (LGTIN).' })
  async lot(
    @Args('gtin', { type: () => String }) gtin: string,
    @Args('lot', { type: () => String }) lot: string,
    @Context() context: GraphqlContext,
  ): Promise<Plain<ObjectStateModel> | null> {
    const id = formatDigitalLink({ primaryKey: { ai: '01', value: gtin }, qualifiers: [{ ai: '10', value: lot }], attributes: [] });
    const state = await this.loaders(context).object.load(id);
    return state === null ? null : objectModel(id, state, principalOfContext(context));
  }

  @Public()
  @Query(() => ObjectStateModel, { nullable: true, description: 'Any identified object, by EPC URN or GS1 Digital Link.' })
  async item(@Args('id', { type: () => String }) id: string, @Context() context: GraphqlContext): Promise<Plain<ObjectStateModel> | null> {
    const canonical = canonicalObjectId(id);
    const state = await this.loaders(context).object.load(canonical);
    return state === null ? null : objectModel(canonical, state, principalOfContext(context));
  }

  @Public()
  @Query(() => EventConnectionModel, {
    complexity: ({ args, childComplexity }: ComplexityArgs) => 1 + childComplexity * Math.min(args.first ?? DEFAULT_PAGE, MAX_PAGE),
  })
  async events(
    @Args('filter', { type: () => EventFilterInput, nullable: true }) filter: Plain<EventFilterInput> | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() context: GraphqlContext,
  ): Promise<Plain<EventConnectionModel>> {
    const size = first ?? DEFAULT_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw badInput(`first must be 1…${String(MAX_PAGE)}`);
    const page = await this.store.queryEvents(toQuery(filter ?? {}), { first: size, ...(after === null ? {} : { after }) });
    return {
      nodes: await this.scope.events(page.events, principalOfContext(context)),
      pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor },
    };
  }

  @Public()
  @Query(() => TraceModel, {
    description: 'The genealogy around an object; nodes the caller may not see are placeholders { id, visible: false }.',
    complexity: ({ args, childComplexity }: ComplexityArgs) => 10 + childComplexity * 5 * Math.min(args.maxDepth ?? 10, MAX_TRACE_DEPTH),
  })
  async trace(
    @Args('id', { type: () => String }) id: string,
    @Args('direction', { type: () => TraceDirectionArg, defaultValue: TraceDirectionArg.BOTH }) direction: TraceDirectionArg,
    @Args('maxDepth', { type: () => Int, defaultValue: 10 }) maxDepth: number,
    @Context() context: GraphqlContext,
  ): Promise<Plain<TraceModel>> {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_TRACE_DEPTH)
      throw badInput(`maxDepth must be 1…${String(MAX_TRACE_DEPTH)}`);
    const principal = principalOfContext(context);
    const root = canonicalObjectId(id);
    const result = await this.traces.trace(root, direction, maxDepth);
    const loaders = this.loaders(context);
    const regulator = principal.role === 'regulator';
    // A regulator's answer is a pure function of this walk, so it may be kept (trace-answer-cache.ts).
    TraceAnswerCache.record(context.reply?.request, { root, direction, maxDepth, result }, regulator);
    // A regulator sees every node and edge, so the linking events are read only when they decide visibility.
    const seen = new Set<string>();
    if (!regulator) {
      const linking = await loaders.event.loadMany([...new Set(result.edges.map((e) => e.hashId))]);
      for (const e of linking) if (!(e instanceof Error) && e !== null && seesEventFully(principal, e)) seen.add(e.hashId);
    }
    const linked = new Set<string>();
    for (const e of result.edges)
      if (seen.has(e.hashId)) {
        linked.add(e.parentId);
        linked.add(e.childId);
      }
    const visible = new Set<string>([result.root]);
    for (const node of result.nodes) {
      if (regulator || linked.has(node.id) || seesCustody(principal, node.object?.custodianMsp ?? null)) visible.add(node.id);
    }
    return {
      root: result.root,
      // The walk already read every node's state: each visible node carries it (no query per node).
      nodes: result.nodes.map((n) =>
        visible.has(n.id)
          ? { id: n.id, visible: true, depth: n.depth, direction: n.direction, object: objectModel(n.id, n.object, principal) }
          : { id: n.id, visible: false, depth: null, direction: null, object: null },
      ),
      // An edge reveals who traded with whom: only between nodes the caller sees, and only by an event it may see.
      edges: result.edges
        .filter((e) => visible.has(e.parentId) && visible.has(e.childId) && (regulator || seen.has(e.hashId)))
        .map((e) => ({ parentId: e.parentId, childId: e.childId, kind: e.kind, eventHash: e.hashId })),
      truncated: result.truncated,
    };
  }

  @Public()
  @Query(() => RecallImpactModel, {
    description: 'Everything downstream of an object with custodian, location and status (custody shown where the caller may see it).',
    complexity: ({ childComplexity }: ComplexityArgs) => 50 + childComplexity * 20,
  })
  async recallImpact(
    @Args('id', { type: () => String }) id: string,
    @Context() context: GraphqlContext,
  ): Promise<Plain<RecallImpactModel>> {
    const principal = principalOfContext(context);
    const impact = await this.traces.recallImpact(canonicalObjectId(id));
    return {
      root: impact.root,
      affected: impact.affected.map((a) => {
        const custody = seesCustody(principal, a.custodianMsp);
        return {
          id: a.id,
          depth: a.depth,
          kind: a.kind,
          status: a.status,
          custodianMsp: custody ? a.custodianMsp : null,
          location: custody ? a.location : null,
        };
      }),
      // Counts are aggregate, but the organisations' names are not public: consumers get one anonymous total.
      byOrganisation:
        principal.role === 'regulator'
          ? impact.byOrganisation.map((b) => ({ mspId: b.mspId, count: b.count }))
          : [{ mspId: null, count: impact.affected.length }],
      truncated: impact.truncated,
    };
  }

  @Public()
  @Query(() => EventVerificationModel, { description: 'Checks an event against the ledger itself, with its Merkle inclusion proof.' })
  async verifyEvent(@Args('eventId', { type: () => String }) eventId: string): Promise<Plain<EventVerificationModel>> {
    const event = await this.store.getEvent(eventId);
    if (event === null) throw notFound(`event ${eventId}`);
    const outcome = await new LedgerVerifier(this.ledger, this.store).verify(event);
    const [batch, onLedger] =
      event.batchId === null
        ? [null, undefined]
        : await Promise.all([this.store.getBatch(event.batchId), this.ledger.getBatch(event.batchId).catch(() => undefined)]);
    const proof =
      batch !== null && event.leafIndex !== null && event.leafIndex < batch.leaves.length
        ? MerkleTree.fromLeaves(batch.leaves).proof(event.leafIndex)
        : null;
    const ledgerRoot = onLedger?.merkleRoot ?? null;
    return {
      hashId: event.hashId,
      verified: outcome.verified,
      reason: outcome.verified ? null : outcome.reason,
      batchId: event.batchId,
      batchRoot: event.merkleRoot,
      ledgerRoot,
      ledgerRootMatches: ledgerRoot !== null && ledgerRoot === event.merkleRoot,
      leafIndex: event.leafIndex,
      treeSize: proof?.treeSize ?? null,
      proofPath: proof === null ? null : [...proof.path],
      txId: outcome.verified ? outcome.txId : event.txId,
      blockNumber: outcome.verified ? outcome.blockNumber : event.blockNumber,
    };
  }

  @Public()
  @Query(() => OrganizationModel, { nullable: true, description: 'A registered organisation (no credentials).' })
  async organization(@Args('id', { type: () => String }) id: string): Promise<Plain<OrganizationModel> | null> {
    const org = await this.store.getOrganisation(id);
    return org === null
      ? null
      : { mspId: org.mspId, name: org.name, role: org.role, companyPrefixes: [...org.companyPrefixes], glns: [...org.glns] };
  }
}

function toQuery(filter: Plain<EventFilterInput>): EpcisEventQuery {
  return {
    ...(filter.eventType === undefined ? {} : { eventType: filter.eventType }),
    ...(filter.bizStep === undefined ? {} : { EQ_bizStep: filter.bizStep }),
    ...(filter.disposition === undefined ? {} : { EQ_disposition: filter.disposition }),
    ...(filter.bizLocation === undefined ? {} : { EQ_bizLocation: filter.bizLocation.map(canonicalObjectId) }),
    ...(filter.anyEPC === undefined ? {} : { MATCH_anyEPC: filter.anyEPC.map(canonicalObjectId) }),
    ...(filter.epcClass === undefined ? {} : { MATCH_epcClass: filter.epcClass.map(canonicalObjectId) }),
    ...(filter.eventId === undefined ? {} : { EQ_eventID: filter.eventId }),
    ...(filter.eventTimeFrom === undefined ? {} : { GE_eventTime: filter.eventTimeFrom }),
    ...(filter.eventTimeBefore === undefined ? {} : { LT_eventTime: filter.eventTimeBefore }),
  };
}
