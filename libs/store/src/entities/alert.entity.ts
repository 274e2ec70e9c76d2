import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * An industry-profile finding raised when its event was anchored (see AlertStore). Written in the
 * anchored batch's transaction, keyed on (event, code, field) so a replayed batch raises nothing twice.
 */
@Entity({ name: 'alerts' })
@Unique('alerts_event_code_field_key', ['eventHashId', 'code', 'field'])
@Index('alerts_raised_idx', ['raisedAt', 'id'])
@Index('alerts_owner_idx', ['ownerMsp', 'raisedAt'])
export class AlertEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'alerts_pkey' })
  id!: string;

  @Column({ name: 'event_hash_id', type: 'text' })
  eventHashId!: string;

  @Column({ name: 'object_id', type: 'text' })
  objectId!: string;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @Column({ type: 'text' })
  industry!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text' })
  field!: string;

  @Column({ type: 'double precision' })
  observed!: number;

  @Column({ name: 'limit_min', type: 'double precision', nullable: true })
  limitMin!: number | null;

  @Column({ name: 'limit_max', type: 'double precision', nullable: true })
  limitMax!: number | null;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'owner_msp', type: 'text', nullable: true })
  ownerMsp!: string | null;

  @Column({ name: 'event_time', type: 'timestamptz', nullable: true })
  eventTime!: Date | null;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
  acknowledgedBy!: string | null;
}
