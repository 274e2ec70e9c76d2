import { LedgerUnavailableError, type AnchorBatchInput, type AnchorResult, type LedgerPort } from '@lotledger/ledger';

/**
 * Test tool (not for production): a LedgerPort whose `anchorBatch` throws LedgerUnavailableError
 * for its first `failures` calls, then passes through to the real adapter — a ledger outage.
 */
export class LedgerOutageTestTool implements LedgerPort {
  anchorAttempts = 0;
  failuresLeft: number;

  constructor(
    private readonly inner: LedgerPort,
    failures: number,
  ) {
    this.failuresLeft = failures;
  }

  anchorBatch(submitterMspId: string, batch: AnchorBatchInput): Promise<AnchorResult> {
    this.anchorAttempts += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(new LedgerUnavailableError('simulated outage: the peer does not answer'));
    }
    return this.inner.anchorBatch(submitterMspId, batch);
  }

  getBatch: LedgerPort['getBatch'] = (id) => this.inner.getBatch(id);
  getObject: LedgerPort['getObject'] = (id) => this.inner.getObject(id);
  getObjectHistory: LedgerPort['getObjectHistory'] = (id) => this.inner.getObjectHistory(id);
  isAnchored: LedgerPort['isAnchored'] = (hashId) => this.inner.isAnchored(hashId);
  registerOrganization: LedgerPort['registerOrganization'] = (caller, org) => this.inner.registerOrganization(caller, org);
  getOrganization: LedgerPort['getOrganization'] = (mspId) => this.inner.getOrganization(mspId);
  setHold: LedgerPort['setHold'] = (caller, hold) => this.inner.setHold(caller, hold);
  releaseHold: LedgerPort['releaseHold'] = (caller, release) => this.inner.releaseHold(caller, release);
  listObjects: LedgerPort['listObjects'] = (pageSize, bookmark) => this.inner.listObjects(pageSize, bookmark);
  listBatches: LedgerPort['listBatches'] = (pageSize, bookmark) => this.inner.listBatches(pageSize, bookmark);
  health: LedgerPort['health'] = () => this.inner.health();
  close: LedgerPort['close'] = () => this.inner.close();
}
