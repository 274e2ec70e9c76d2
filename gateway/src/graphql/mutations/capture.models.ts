import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum CaptureErrorBehaviourArg {
  ROLLBACK = 'rollback',
  PROCEED = 'proceed',
}
registerEnumType(CaptureErrorBehaviourArg, {
  name: 'CaptureErrorBehaviour',
  description:
    'ROLLBACK: one invalid event refuses the whole document; PROCEED: invalid events are set aside (GS1-Capture-Error-Behaviour).',
});

@ObjectType('CaptureIssue', { description: 'One problem with the submitted document, located by an RFC 6901 JSON pointer into it.' })
export class CaptureIssueModel {
  @Field(() => String) pointer!: string;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
  @Field(() => String) expected!: string;
}

@ObjectType('CapturedEvent')
export class CapturedEventModel {
  @Field(() => String, { description: 'The CBV 2.0 event hash ID (ni:///sha-256;…).' }) hashId!: string;
  @Field(() => String, { description: 'pending until anchored on the ledger; then anchored or rejected.' }) status!: string;
}

@ObjectType('CaptureResult', { description: 'The capture job a document started (the same job as POST /epcis/capture).' })
export class CaptureResultModel {
  @Field(() => String, { description: 'The capture job id (GET /epcis/capture/{captureId}).' }) captureId!: string;
  @Field(() => String, { description: 'running, success, partial or failed.' }) status!: string;
  @Field(() => Int) eventCount!: number;
  @Field(() => [CapturedEventModel], { description: 'The accepted events in document order.' }) events!: CapturedEventModel[];
  @Field(() => [CaptureIssueModel], { description: 'PROCEED only: the events set aside and why.' }) issues!: CaptureIssueModel[];
}
