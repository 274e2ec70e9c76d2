import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '../ports/read-model.types.js';

/** A registered GLN. */
@Entity({ name: 'locations' })
export class LocationEntity {
  @PrimaryColumn({ type: 'text' })
  gln!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb', nullable: true })
  address!: { [key: string]: JsonValue } | null;

  @Index('locations_owner_idx')
  @Column({ name: 'owner_msp', type: 'text' })
  ownerMsp!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
