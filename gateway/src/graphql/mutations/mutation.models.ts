import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { JsonValue } from '@lotledger/store';
import { JsonScalar } from '../graphql.models.js';

export enum HoldKindArg {
  RECALL = 'recall',
  QUARANTINE = 'quarantine',
}
registerEnumType(HoldKindArg, { name: 'HoldKind', description: 'A recall or a quarantine hold on an object.' });

export enum OrganizationRoleArg {
  SUPPLIER = 'supplier',
  MANUFACTURER = 'manufacturer',
  DISTRIBUTOR = 'distributor',
  RETAILER = 'retailer',
  REGULATOR = 'regulator',
}
// The contract's ORG_ROLES.
registerEnumType(OrganizationRoleArg, { name: 'OrganizationRole' });

export enum IndustryArg {
  PHARMA = 'pharma',
  AUTO = 'auto',
  STEEL = 'steel',
  OTHER = 'other',
}
registerEnumType(IndustryArg, { name: 'Industry' });

@InputType()
export class RegisterOrganizationInput {
  @Field(() => String) mspId!: string;
  @Field(() => String) name!: string;
  @Field(() => OrganizationRoleArg) role!: OrganizationRoleArg;
  @Field(() => [String]) companyPrefixes!: string[];
  @Field(() => [String], { defaultValue: [] }) glns!: string[];
}

@InputType()
export class RegisterProductInput {
  @Field(() => String, { description: 'GTIN-8, -12, -13 or -14; stored as GTIN-14.' }) gtin!: string;
  @Field(() => String) name!: string;
  @Field(() => IndustryArg) industry!: IndustryArg;
  @Field(() => String, { nullable: true }) imageUrl?: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'A JSON object of attributes a consumer may see.' })
  publicAttributes?: JsonValue;
  @Field(() => String, { nullable: true, description: "Admins only: the owner's MSP id (a supplier always registers for itself)." })
  ownerMsp?: string | null;
}

@InputType()
export class RegisterLocationInput {
  @Field(() => String, { description: 'A 13-digit GLN.' }) gln!: string;
  @Field(() => String) name!: string;
  @Field(() => JsonScalar, { nullable: true, description: 'A JSON object (street, city, country…).' }) address?: JsonValue;
  @Field(() => String, { nullable: true, description: "Admins only: the owner's MSP id (a supplier always registers for itself)." })
  ownerMsp?: string | null;
}

@ObjectType('Location')
export class LocationModel {
  @Field(() => String) gln!: string;
  @Field(() => String) name!: string;
  @Field(() => JsonScalar, { nullable: true }) address!: JsonValue;
  @Field(() => String) ownerMsp!: string;
}
