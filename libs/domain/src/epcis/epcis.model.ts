/**
 * EPCIS 2.0 events and documents in their JSON / JSON-LD binding (EPCIS 2.0 §9 and the GS1 EPCIS 2.0
 * JSON schema). These types describe a document AFTER `validateEpcis` accepted it; until then an input
 * is `unknown`. Extension fields (`prefix:name` keys, EPCIS 2.0 §9.1.2) are carried through the index
 * signature of `EpcisExtensible`.
 */

/** JSON values, for extension fields and ilmd content. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON-LD `@context`: a context URI, an inline context object, or a list of both. */
export type JsonLdContext = string | { readonly [key: string]: JsonValue } | readonly (string | { readonly [key: string]: JsonValue })[];

/** Objects that may carry user extension fields named `prefix:name` (or a full URI). */
export interface EpcisExtensible {
  readonly [extension: `${string}:${string}`]: JsonValue | undefined;
}

export type EpcisAction = 'ADD' | 'OBSERVE' | 'DELETE';

export type EpcisEventType = 'ObjectEvent' | 'AggregationEvent' | 'TransactionEvent' | 'TransformationEvent' | 'AssociationEvent';

export const EPCIS_EVENT_TYPES: readonly EpcisEventType[] = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
];

/** `quantityElement`: a class-level identifier with an optional quantity and UN/ECE Rec 20 unit. */
export interface QuantityElement {
  readonly epcClass: string;
  readonly quantity?: number;
  readonly uom?: string;
}

export interface ReadPoint extends EpcisExtensible {
  readonly id: string;
}

export type BizLocation = ReadPoint;

export interface BizTransaction {
  readonly type?: string;
  readonly bizTransaction: string;
}

export interface SourceElement {
  readonly type: string;
  readonly source: string;
}

export interface DestinationElement {
  readonly type: string;
  readonly destination: string;
}

export interface PersistentDisposition {
  readonly set?: readonly string[];
  readonly unset?: readonly string[];
}

export interface ErrorDeclaration extends EpcisExtensible {
  readonly declarationTime: string;
  readonly reason?: string;
  readonly correctiveEventIDs?: readonly string[];
}

export interface SensorMetadata extends EpcisExtensible {
  readonly time?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly deviceID?: string;
  readonly deviceMetadata?: string;
  readonly rawData?: string;
  readonly dataProcessingMethod?: string;
  readonly bizRules?: string;
}

export interface SensorReport extends EpcisExtensible {
  /** A measurement type (`Temperature`, `gs1:MT-Temperature`) or a user-defined URI. */
  readonly type: string;
  readonly exception?: string;
  readonly deviceID?: string;
  readonly deviceMetadata?: string;
  readonly rawData?: string;
  readonly dataProcessingMethod?: string;
  readonly bizRules?: string;
  readonly time?: string;
  readonly microorganism?: string;
  readonly chemicalSubstance?: string;
  readonly coordinateReferenceSystem?: string;
  readonly component?: string;
  readonly value?: number;
  readonly stringValue?: string;
  readonly booleanValue?: boolean;
  readonly hexBinaryValue?: string;
  readonly uriValue?: string;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly meanValue?: number;
  readonly sDev?: number;
  readonly percRank?: number;
  readonly percValue?: number;
  readonly uom?: string;
}

export interface SensorElement extends EpcisExtensible {
  readonly sensorMetadata?: SensorMetadata;
  readonly sensorReport: readonly SensorReport[];
}

/** Instance/Lot master data: extension fields only (`prefix:name`), e.g. `cbvmda:lotNumber`. */
export type Ilmd = EpcisExtensible;

/** Fields every event type has (EPCIS 2.0 §7.4.1). */
export interface EpcisEventBase extends EpcisExtensible {
  readonly '@context'?: JsonLdContext;
  readonly type: EpcisEventType;
  readonly eventTime: string;
  readonly eventTimeZoneOffset: string;
  readonly recordTime?: string;
  readonly eventID?: string;
  readonly certificationInfo?: string | readonly string[];
  readonly errorDeclaration?: ErrorDeclaration;
  readonly bizStep?: string;
  readonly disposition?: string;
  readonly readPoint?: ReadPoint;
  readonly bizLocation?: BizLocation;
  readonly bizTransactionList?: readonly BizTransaction[];
  readonly sourceList?: readonly SourceElement[];
  readonly destinationList?: readonly DestinationElement[];
  readonly sensorElementList?: readonly SensorElement[];
}

export interface ObjectEvent extends EpcisEventBase {
  readonly type: 'ObjectEvent';
  readonly action: EpcisAction;
  readonly epcList?: readonly string[];
  readonly quantityList?: readonly QuantityElement[];
  readonly persistentDisposition?: PersistentDisposition;
  /** Only with action ADD. */
  readonly ilmd?: Ilmd;
}

export interface AggregationEvent extends EpcisEventBase {
  readonly type: 'AggregationEvent';
  readonly action: EpcisAction;
  /** Required for ADD and DELETE. */
  readonly parentID?: string;
  readonly childEPCs?: readonly string[];
  readonly childQuantityList?: readonly QuantityElement[];
}

export interface TransactionEvent extends EpcisEventBase {
  readonly type: 'TransactionEvent';
  readonly action: EpcisAction;
  readonly bizTransactionList: readonly BizTransaction[];
  readonly parentID?: string;
  readonly epcList?: readonly string[];
  readonly quantityList?: readonly QuantityElement[];
}

export interface TransformationEvent extends EpcisEventBase {
  readonly type: 'TransformationEvent';
  readonly inputEPCList?: readonly string[];
  readonly inputQuantityList?: readonly QuantityElement[];
  readonly outputEPCList?: readonly string[];
  readonly outputQuantityList?: readonly QuantityElement[];
  readonly transformationID?: string;
  readonly persistentDisposition?: PersistentDisposition;
  readonly ilmd?: Ilmd;
}

export interface AssociationEvent extends EpcisEventBase {
  readonly type: 'AssociationEvent';
  readonly action: EpcisAction;
  readonly parentID: string;
  readonly childEPCs?: readonly string[];
  readonly childQuantityList?: readonly QuantityElement[];
}

export type EpcisEvent = ObjectEvent | AggregationEvent | TransactionEvent | TransformationEvent | AssociationEvent;

export interface VocabularyElement {
  readonly id: string;
  readonly attributes?: readonly { readonly id: string; readonly attribute?: JsonValue }[];
  readonly children?: readonly string[];
}

export interface Vocabulary {
  readonly type: string;
  readonly vocabularyElementList?: readonly VocabularyElement[];
}

export interface EpcisHeader extends EpcisExtensible {
  readonly epcisMasterData?: { readonly vocabularyList?: readonly Vocabulary[] };
}

/** EPCIS 2.0 §9.3 EPCISDocument (capture). */
export interface EpcisDocument extends EpcisExtensible {
  readonly '@context': JsonLdContext;
  readonly type: 'EPCISDocument';
  readonly id?: string;
  readonly schemaVersion: string;
  readonly creationDate: string;
  readonly instanceIdentifier?: string;
  readonly sender?: string;
  readonly receiver?: string;
  readonly epcisHeader?: EpcisHeader;
  readonly epcisBody: { readonly eventList: readonly EpcisEvent[] };
}

/** EPCIS 2.0 §9.4 EPCISQueryDocument (query results). */
export interface EpcisQueryDocument extends EpcisExtensible {
  readonly '@context': JsonLdContext;
  readonly type: 'EPCISQueryDocument';
  readonly id?: string;
  readonly schemaVersion?: string;
  readonly creationDate?: string;
  readonly epcisBody: {
    readonly queryResults: {
      readonly queryName: string;
      readonly subscriptionID?: string;
      readonly resultsBody: { readonly eventList: readonly EpcisEvent[]; readonly vocabularyList?: readonly Vocabulary[] };
    };
  };
}
