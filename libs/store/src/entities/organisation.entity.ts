import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '../ports/read-model.types.js';

/** A registered organisation (Fabric MSP) with the GS1 keys it may speak for and its credentials. */
@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn({ name: 'msp_id', type: 'text' })
  mspId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'company_prefixes', type: 'text', array: true, default: () => "'{}'" })
  companyPrefixes!: string[];

  @Index('organisations_glns_idx', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  glns!: string[];

  @Column({ name: 'signing_keys', type: 'jsonb', default: () => "'[]'" })
  signingKeys!: JsonValue[];

  @Column({ name: 'client_id', type: 'text', nullable: true, unique: true })
  clientId!: string | null;

  @Column({ name: 'client_secret_hash', type: 'text', nullable: true })
  clientSecretHash!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
