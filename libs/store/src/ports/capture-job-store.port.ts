import type { EventStatus, EventToStore, JsonValue } from './read-model.types.js';

export type CaptureJobStatus = 'running' | 'success' | 'partial' | 'failed';
export type CaptureErrorBehaviour = 'rollback' | 'proceed';

export interface NewCaptureJob {
  /** A UUID chosen by the caller (it is in the `Location` header before anything is stored). */
  readonly id: string;
  readonly submitterMsp: string;
  readonly errorBehaviour: CaptureErrorBehaviour;
  /** Hash IDs of the accepted events, in document order. */
  readonly hashIds: readonly string[];
  /** Validation errors of events not accepted (proceed mode), as the API reports them. */
  readonly errors?: JsonValue;
}

export interface CaptureJobUpdate {
  readonly status?: CaptureJobStatus;
  readonly errors?: JsonValue;
  /** ISO 8601 instant; set when the job reaches a final status. */
  readonly finishedAt?: string | null;
}

export interface CaptureJobEventStatus {
  readonly ordinal: number;
  readonly hashId: string;
  /** `pending` too when the event has not reached the read model yet. */
  readonly status: EventStatus;
  readonly batchId: string | null;
  readonly txId: string | null;
  readonly blockNumber: number | null;
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
}

export interface CaptureJob {
  readonly id: string;
  readonly submitterMsp: string;
  readonly status: CaptureJobStatus;
  readonly errorBehaviour: CaptureErrorBehaviour;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly eventCount: number;
  readonly anchoredCount: number;
  readonly rejectedCount: number;
  readonly errors: JsonValue;
  readonly events: readonly CaptureJobEventStatus[];
}

export interface CaptureJobStore {
  /**
   * Creates the job; creating the same id again is a no-op. Create it before its events can reach the
   * anchor (before publishing them): a job created after its events were anchored is closed at once, but
   * one created while their batch is committing could miss that batch.
   */
  createCaptureJob(job: NewCaptureJob): Promise<void>;
  /**
   * What capture records before it publishes, in one transaction: the job (createCaptureJob) and its
   * events as pending (ReadModelWriter.insertPending). Recording the same capture again adds nothing.
   */
  recordCapture(job: NewCaptureJob, events: readonly EventToStore[]): Promise<void>;
  updateCaptureJob(id: string, update: CaptureJobUpdate): Promise<boolean>;
  getCaptureJob(id: string): Promise<CaptureJob | null>;
}
