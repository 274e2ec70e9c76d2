import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ValueNode } from 'graphql';
import { GraphQLScalarType, Kind } from './graphql-runtime.js';
import type { JsonValue } from '@lotledger/store';

// GraphQL models are separate from the store types: the schema is a public contract, the store's rows are not.

function literal(node: ValueNode): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      return null;
  }
}

/** Any JSON value (EPCIS documents, holds, public attributes); kept local rather than pulling a scalar library for 15 lines. */
export const JsonScalar = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: 'A JSON value.',
  serialize: (v) => v as JsonValue,
  parseValue: (v) => v as JsonValue,
  parseLiteral: literal,
});

/**
 * The plain data shape of a model class: resolvers return these (object literals), the classes only
 * describe the schema. Recursive so nested lists of models are plain too.
 */
export type Plain<T> = T extends JsonValue
  ? T
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Plain<T[K]> }
      : T;

export enum TraceDirectionArg {
  UPSTREAM = 'upstream',
  DOWNSTREAM = 'downstream',
  BOTH = 'both',
}
registerEnumType(TraceDirectionArg, { name: 'TraceDirection' });

export enum EventVisibility {
  FULL = 'full',
  PUBLIC = 'public',
}
registerEnumType(EventVisibility, { name: 'EventVisibility', description: 'FULL: every field; PUBLIC: the consumer projection.' });

@ObjectType('Organization')
export class OrganizationModel {
  @Field(() => String) mspId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) role!: string;
  @Field(() => [String]) companyPrefixes!: string[];
  @Field(() => [String]) glns!: string[];
}

@ObjectType('Product')
export class ProductModel {
  @Field(() => String) gtin!: string;
  @Field(() => String) name!: string;
  @Field(() => String) industry!: string;
  @Field(() => String, { nullable: true }) imageUrl!: string | null;
  @Field(() => JsonScalar) publicAttributes!: JsonValue;
  @Field(() => String) ownerMsp!: string;
}

@ObjectType('ObjectState', {
  description: 'An identified object (item, lot, case…). Custodian and location are null where the caller may not see them.',
})
export class ObjectStateModel {
  @Field(() => String) id!: string;
  @Field(() => Boolean) visible!: boolean;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) gtin!: string | null;
  @Field(() => String, { nullable: true }) lot!: string | null;
  @Field(() => String, { nullable: true }) serial!: string | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => String, { nullable: true }) custodianMsp!: string | null;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => JsonScalar, { nullable: true }) holds!: JsonValue;
  @Field(() => String, { nullable: true }) updatedAt!: string | null;
}

@ObjectType('BizTransaction')
export class BizTransactionModel {
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String) bizTransaction!: string;
}

@ObjectType('SourceDestination')
export class SourceDestinationModel {
  @Field(() => String) type!: string;
  @Field(() => String) id!: string;
}

@ObjectType('Event', { description: 'An EPCIS event. Commercial fields are null unless visibility is FULL.' })
export class EventModel {
  @Field(() => String) hashId!: string;
  @Field(() => String, { nullable: true }) eventId!: string | null;
  @Field(() => String) type!: string;
  @Field(() => String, { nullable: true }) action!: string | null;
  @Field(() => String, { nullable: true }) bizStep!: string | null;
  @Field(() => String, { nullable: true }) disposition!: string | null;
  @Field(() => String) eventTime!: string;
  @Field(() => String) eventTimeZoneOffset!: string;
  @Field(() => String, { nullable: true }) bizLocation!: string | null;
  @Field(() => String) status!: string;
  @Field(() => EventVisibility) visibility!: EventVisibility;
  @Field(() => JsonScalar, { description: 'The event as EPCIS 2.0 JSON: whole, or its public projection.' }) document!: JsonValue;
  @Field(() => [String], { description: 'Identifiers the event names (canonical Digital Links).' }) objectIds!: string[];
  // Commercial: who submitted, trade documents, owning/possessing parties, quantities.
  @Field(() => String, { nullable: true }) submitterMsp!: string | null;
  @Field(() => String, { nullable: true }) readPoint!: string | null;
  @Field(() => String, { nullable: true }) captureId!: string | null;
  @Field(() => [BizTransactionModel], { nullable: true }) bizTransactions!: BizTransactionModel[] | null;
  @Field(() => [SourceDestinationModel], { nullable: true }) sources!: SourceDestinationModel[] | null;
  @Field(() => [SourceDestinationModel], { nullable: true }) destinations!: SourceDestinationModel[] | null;
  @Field(() => String, { nullable: true }) txId!: string | null;
  @Field(() => Int, { nullable: true }) blockNumber!: number | null;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('EventConnection')
export class EventConnectionModel {
  @Field(() => [EventModel]) nodes!: EventModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}

@InputType('EventFilter')
export class EventFilterInput {
  @Field(() => [String], { nullable: true }) eventType?: string[];
  @Field(() => [String], { nullable: true }) bizStep?: string[];
  @Field(() => [String], { nullable: true }) disposition?: string[];
  @Field(() => [String], { nullable: true }) bizLocation?: string[];
  @Field(() => [String], { nullable: true, description: 'EPC URNs or Digital Links; canonicalised.' }) anyEPC?: string[];
  @Field(() => [String], { nullable: true }) epcClass?: string[];
  @Field(() => [String], { nullable: true }) eventId?: string[];
  @Field(() => String, { nullable: true }) eventTimeFrom?: string;
  @Field(() => String, { nullable: true }) eventTimeBefore?: string;
}

@ObjectType('TraceNode')
export class TraceNodeModel {
  @Field(() => String) id!: string;
  @Field(() => Boolean, { description: 'False: a placeholder for a node the caller may not see (only id is set).' }) visible!: boolean;
  @Field(() => Int, { nullable: true }) depth!: number | null;
  @Field(() => String, { nullable: true }) direction!: string | null;
  // A plain field filled by the trace query from its own walk: a field resolver per node cost more than the walk.
  @Field(() => ObjectStateModel, { nullable: true, description: 'Null for a placeholder.' }) object!: ObjectStateModel | null;
}

@ObjectType('TraceEdge')
export class TraceEdgeModel {
  @Field(() => String) parentId!: string;
  @Field(() => String) childId!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) eventHash!: string;
}

@ObjectType('Trace')
export class TraceModel {
  @Field(() => String) root!: string;
  @Field(() => [TraceNodeModel]) nodes!: TraceNodeModel[];
  @Field(() => [TraceEdgeModel], { description: 'Only edges between nodes the caller may see.' }) edges!: TraceEdgeModel[];
  @Field(() => Boolean) truncated!: boolean;
}

@ObjectType('OrganisationCount')
export class OrganisationCountModel {
  @Field(() => String, { nullable: true }) mspId!: string | null;
  @Field(() => Int) count!: number;
}

@ObjectType('AffectedObject')
export class AffectedObjectModel {
  @Field(() => String) id!: string;
  @Field(() => Int) depth!: number;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => String, { nullable: true }) custodianMsp!: string | null;
  @Field(() => String, { nullable: true }) location!: string | null;
}

@ObjectType('RecallImpact')
export class RecallImpactModel {
  @Field(() => String) root!: string;
  @Field(() => [AffectedObjectModel]) affected!: AffectedObjectModel[];
  @Field(() => [OrganisationCountModel]) byOrganisation!: OrganisationCountModel[];
  @Field(() => Boolean) truncated!: boolean;
}

@ObjectType('EventVerification')
export class EventVerificationModel {
  @Field(() => String) hashId!: string;
  @Field(() => Boolean) verified!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) batchId!: string | null;
  @Field(() => String, { nullable: true, description: 'The read model’s batch root.' }) batchRoot!: string | null;
  @Field(() => String, { nullable: true, description: 'The root the ledger holds for the batch.' }) ledgerRoot!: string | null;
  @Field(() => Boolean, { description: 'The ledger, asked now, holds the same root as the read model.' }) ledgerRootMatches!: boolean;
  @Field(() => Int, { nullable: true }) leafIndex!: number | null;
  @Field(() => Int, { nullable: true }) treeSize!: number | null;
  @Field(() => [String], { nullable: true, description: 'RFC 9162 inclusion proof path (hex).' }) proofPath!: string[] | null;
  @Field(() => String, { nullable: true }) txId!: string | null;
  @Field(() => Int, { nullable: true }) blockNumber!: number | null;
}
