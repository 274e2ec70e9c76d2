import type { EventBus } from '@lotledger/bus';
import type { CaptureJobStore, ReadModelReader, ReadModelWriter, RegistryStore } from '@lotledger/store';

/** What capture needs of the read model: jobs, pending events, the duplicate check, and GLN ownership. */
export type CaptureStore = CaptureJobStore &
  Pick<ReadModelWriter, 'insertPending'> &
  Pick<ReadModelReader, 'getEvent'> &
  Pick<RegistryStore, 'findOrganisationOwningGln' | 'getOrganisation'>;

/** What capture needs of the bus. */
export type CaptureBus = Pick<EventBus, 'publish'>;

/** Largest number of events in one capture call (advertised as GS1-EPCIS-Capture-Limit). */
export const CAPTURE_MAX_EVENTS = 10_000;
