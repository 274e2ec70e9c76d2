import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '../ports/read-model.types.js';
import type { CaptureErrorBehaviour, CaptureJobStatus } from '../ports/capture-job-store.port.js';

/** An EPCIS capture job (EPCIS 2.0 REST binding: GET /capture/{captureID}). */
@Entity({ name: 'capture_jobs' })
@Check('capture_jobs_status_check', `status IN ('running', 'success', 'partial', 'failed')`)
@Check('capture_jobs_error_behaviour_check', `error_behaviour IN ('rollback', 'proceed')`)
@Index('capture_jobs_running_idx', ['status'], { where: "status = 'running'" })
export class CaptureJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'submitter_msp', type: 'text' })
  submitterMsp!: string;

  @Column({ type: 'text' })
  status!: CaptureJobStatus;

  @Column({ name: 'error_behaviour', type: 'text' })
  errorBehaviour!: CaptureErrorBehaviour;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'event_count', type: 'integer', default: 0 })
  eventCount!: number;

  @Column({ name: 'anchored_count', type: 'integer', default: 0 })
  anchoredCount!: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors!: JsonValue;
}
