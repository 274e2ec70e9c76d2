import { Entity, Index, PrimaryColumn, Column } from 'typeorm';

/** The events of a capture job in document order; their status is read from `events`. */
@Entity({ name: 'capture_job_events' })
export class CaptureJobEventEntity {
  @PrimaryColumn({ name: 'capture_id', type: 'uuid', primaryKeyConstraintName: 'capture_job_events_pkey' })
  captureId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'capture_job_events_pkey' })
  ordinal!: number;

  @Index('capture_job_events_hash_idx')
  @Column({ name: 'hash_id', type: 'text' })
  hashId!: string;
}
