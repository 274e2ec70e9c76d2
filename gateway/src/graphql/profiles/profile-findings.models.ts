import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType('ProfileFinding', {
  description: 'A fact an industry profile found: a cold-chain excursion, a certificate value outside its grade. Not a rejection.',
})
export class ProfileFindingModel {
  @Field(() => String, { description: 'COLD_CHAIN_EXCURSION or CERTIFICATE_OUT_OF_SPEC.' }) code!: string;
  @Field(() => String) industry!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { description: 'The quantity: temperature, or the certificate field (e.g. steel:yieldStrengthMPa).' })
  field!: string;
  @Field(() => Float) observed!: number;
  @Field(() => Float, { nullable: true }) limitMin!: number | null;
  @Field(() => Float, { nullable: true }) limitMax!: number | null;
  @Field(() => String, { description: 'UN/ECE Rec 20 code or symbol (CEL, MPa, %, J).' }) unit!: string;
  @Field(() => String, { description: 'Where the limit comes from (norm, master data).' }) source!: string;
  @Field(() => String, { nullable: true }) eventTime!: string | null;
  @Field(() => String, { nullable: true, description: 'Hash ID of the event carrying the value.' }) eventHashId!: string | null;
}

@ObjectType('ProfileFindings')
export class ProfileFindingsModel {
  @Field(() => String) id!: string;
  @Field(() => String, { nullable: true, description: "The product's industry (selects the profile)." }) industry!: string | null;
  @Field(() => String, { nullable: true, description: "Whose findings: the product's owner organisation." }) ownerMsp!: string | null;
  @Field(() => [ProfileFindingModel]) findings!: ProfileFindingModel[];
}
