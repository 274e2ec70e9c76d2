// The supply-chain simulator: generation (pure, seeded), capture planning, and sending through a
// lotledger's capture path — for `lotledger simulate`, the demo, the scenario tests and the benchmarks.
export * from './simulation.model.js';
export { generateSimulation, SIMULATION_EPOCH_MS, tiersFor } from './supply-chain.generator.js';
export { captureDocument, captureLine, masterDataLine, SIMULATION_CONTEXT } from './simulation-documents.js';
export { httpTransport, injectTransport, type CaptureTransport, type TransportReply, type TransportRequest } from './capture-transport.js';
export { registerSimulation, RegistrationError, type TokenRole, type TokenSource } from './simulation-registrar.js';
export { formatSummary, SimulationSender, SimulationSendError, type SenderOptions, type SimulationSummary } from './simulation-sender.js';
export { progressReporter, silentProgress, type ProgressReporter, type ProgressState } from './progress-reporter.js';
export { embeddedTarget } from './embedded-target.js';
export { isValidVin, vin } from './gs1-identifiers.js';
