import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { JsonValue } from '@lotledger/store';
import { JsonScalar } from '../graphql.models.js';

@ObjectType('SigningKey', { description: "A public key an organisation signs its Kafka intake messages with (the JWS header's kid)." })
export class SigningKeyModel {
  @Field(() => String) mspId!: string;
  @Field(() => String, { description: 'The RFC 7638 JWK thumbprint (SHA-256): the kid a signed message names.' }) kid!: string;
  @Field(() => JsonScalar, { description: 'The public JWK as registered (kty, crv, x, y, kid).' }) jwk!: JsonValue;
  @Field(() => Boolean, { description: 'False when the organisation had already registered this key (nothing changed).' }) added!: boolean;
  @Field(() => Int, { description: 'How many keys the organisation has registered now.' }) keyCount!: number;
}
