import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '../ports/read-model.types.js';

/** The current state of a lot or item (id = its canonical identifier), as the ledger last said. */
@Entity({ name: 'objects' })
@Index('objects_gtin_lot_idx', ['gtin', 'lot'])
export class ObjectEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @Column({ type: 'text', nullable: true })
  lot!: string | null;

  @Column({ type: 'text', nullable: true })
  serial!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Index('objects_custodian_idx')
  @Column({ name: 'custodian_msp', type: 'text', nullable: true })
  custodianMsp!: string | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  holds!: JsonValue;

  @Column({ name: 'last_event_hash', type: 'text', nullable: true })
  lastEventHash!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
