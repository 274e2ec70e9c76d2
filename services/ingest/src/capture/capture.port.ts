import type { EventBus } from '@lotledger/bus';
import type { CaptureJobStore, ReadModelReader, RegistryStore } from '@lotledger/store';

/** What capture needs of the read model: the job with its pending events, the duplicate check, and GLN ownership. */
export type CaptureStore = Pick<CaptureJobStore, 'recordCapture' | 'updateCaptureJob' | 'getCaptureJob'> &
  Pick<ReadModelReader, 'getEvent'> &
  Pick<RegistryStore, 'findOrganisationOwningGln' | 'getOrganisation'>;

/** What capture needs of the bus. */
export type CaptureBus = Pick<EventBus, 'publish'>;

/** Largest number of events in one capture call (advertised as GS1-EPCIS-Capture-Limit). */
export const CAPTURE_MAX_EVENTS = 10_000;
