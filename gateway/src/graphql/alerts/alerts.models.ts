import { Field, Float, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../graphql.models.js';

@ObjectType('Alert', {
  description:
    'An industry-profile finding raised when its event was anchored (a cold-chain excursion, a certificate value out of spec): the inbox of the owner organisation and of regulators.',
})
export class AlertModel {
  @Field(() => String) id!: string;
  @Field(() => String, { description: 'Hash ID of the anchored event that carries the value.' }) eventHashId!: string;
  @Field(() => String, { description: 'The object the finding is about (canonical GS1 Digital Link: item, container, lot).' })
  objectId!: string;
  @Field(() => String, { nullable: true, description: 'The GTIN whose master data the rule used.' }) gtin!: string | null;
  @Field(() => String) industry!: string;
  @Field(() => String, { description: 'COLD_CHAIN_EXCURSION or CERTIFICATE_OUT_OF_SPEC.' }) code!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: 'The quantity: temperature, or the certificate field (e.g. steel:yieldStrengthMPa).' })
  field!: string;
  @Field(() => Float) observed!: number;
  @Field(() => Float, { nullable: true }) limitMin!: number | null;
  @Field(() => Float, { nullable: true }) limitMax!: number | null;
  @Field(() => String, { description: 'UN/ECE Rec 20 code or symbol (CEL, MPa, %, J).' }) unit!: string;
  @Field(() => String, { description: 'Where the limit comes from (norm, master data).' }) source!: string;
  @Field(() => String, { nullable: true, description: 'The organisation whose inbox holds the alert (the product owner).' })
  ownerMsp!: string | null;
  @Field(() => String, { nullable: true }) eventTime!: string | null;
  @Field(() => String, { description: 'When the alert was raised (the anchoring ledger transaction time).' }) raisedAt!: string;
  @Field(() => String, { nullable: true }) acknowledgedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Who acknowledged it: token subject (organisation).' })
  acknowledgedBy!: string | null;
}

@ObjectType('AlertConnection')
export class AlertConnectionModel {
  @Field(() => [AlertModel], { description: 'Newest first.' }) nodes!: AlertModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
