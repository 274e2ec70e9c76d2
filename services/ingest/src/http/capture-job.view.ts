import type { CaptureJob } from '@lotledger/store';

/**
 * A capture job as the EPCIS 2.0 REST binding describes it (captureID, createdAt, finishedAt, running,
 * success, captureErrorBehaviour, errors), extended with lotledger's status and, per event, its hash
 * ID and where it is on the way to the ledger.
 */
export function captureJobView(job: CaptureJob): Record<string, unknown> {
  return {
    captureID: job.id,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    running: job.status === 'running',
    success: job.status === 'success',
    captureErrorBehaviour: job.errorBehaviour,
    errors: job.errors ?? [],
    status: job.status,
    submitter: job.submitterMsp,
    eventCount: job.eventCount,
    anchoredCount: job.anchoredCount,
    rejectedCount: job.rejectedCount,
    events: job.events.map((e) => ({
      hashId: e.hashId,
      status: e.status,
      ...(e.status === 'anchored' ? { batchId: e.batchId, txId: e.txId, blockNumber: e.blockNumber } : {}),
      ...(e.status === 'rejected' ? { rejection: { code: e.rejectCode, reason: e.rejectReason } } : {}),
    })),
  };
}
