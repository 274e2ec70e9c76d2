import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventStatus, JsonValue } from '../ports/read-model.types.js';

/**
 * One EPCIS event as captured, with its anchoring status. Mirrors the migrations; never synchronised.
 * type, biz_step, disposition and batch_id have no index on purpose (1764000000003: write-path cost).
 */
@Entity({ name: 'events' })
@Check('events_status_check', `status IN ('pending', 'anchored', 'rejected')`)
@Index('events_event_time_idx', ['eventTime', 'hashId'])
export class EventEntity {
  @PrimaryColumn({ name: 'hash_id', type: 'text' })
  hashId!: string;

  @Index('events_event_id_idx')
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  action!: string | null;

  @Column({ name: 'biz_step', type: 'text', nullable: true })
  bizStep!: string | null;

  @Column({ type: 'text', nullable: true })
  disposition!: string | null;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime!: Date;

  @Column({ name: 'event_time_zone_offset', type: 'text' })
  eventTimeZoneOffset!: string;

  @Index('events_record_time_idx')
  @Column({ name: 'record_time', type: 'timestamptz' })
  recordTime!: Date;

  @Index('events_read_point_idx')
  @Column({ name: 'read_point', type: 'text', nullable: true })
  readPoint!: string | null;

  @Index('events_biz_location_idx')
  @Column({ name: 'biz_location', type: 'text', nullable: true })
  bizLocation!: string | null;

  @Column({ name: 'submitter_msp', type: 'text' })
  submitterMsp!: string;

  @Column({ name: 'capture_id', type: 'text', nullable: true })
  captureId!: string | null;

  @Column({ type: 'jsonb' })
  event!: JsonValue;

  @Column({ type: 'text' })
  status!: EventStatus;

  @Column({ name: 'reject_code', type: 'text', nullable: true })
  rejectCode!: string | null;

  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason!: string | null;

  @Column({ name: 'batch_id', type: 'text', nullable: true })
  batchId!: string | null;

  @Column({ name: 'tx_id', type: 'text', nullable: true })
  txId!: string | null;

  @Column({ name: 'block_number', type: 'bigint', nullable: true })
  blockNumber!: string | null;

  @Column({ name: 'leaf_index', type: 'integer', nullable: true })
  leafIndex!: number | null;
}
