// The supply-chain simulator: generation (pure, seeded), capture planning, and sending through a
// lotledger's capture path — for `lotledger simulate`, the demo, the scenario tests and the benchmarks.
export * from './simulation.model.js';
export { generateSimulation, SIMULATION_EPOCH_MS, tiersFor } from './supply-chain.generator.js';
export { captureDocument, captureLine, masterDataLine, SIMULATION_CONTEXT } from './simulation-documents.js';
export { httpTransport, injectTransport, type CaptureTransport, type TransportReply, type TransportRequest } from './capture-transport.js';
export {
  registerSigningKeys,
  registerSimulation,
  RegistrationError,
  type SigningKeySource,
  type TokenRole,
  type TokenSource,
} from './simulation-registrar.js';
export {
  formatSummary,
  SimulationSender,
  SimulationSendError,
  type CaptureSubmitter,
  type SenderOptions,
  type SimulationSummary,
  type SubmittedCapture,
} from './simulation-sender.js';
export { IntakeSigner, INTAKE_SIGNING_ALGORITHM } from './intake-signer.js';
export {
  intakeCaptureId,
  intakeMessage,
  KafkaIntakeProducer,
  kafkaSubmitter,
  parseBrokers,
  type IntakeProducer,
  type ProducedCapture,
} from './kafka-intake-producer.js';
export { progressReporter, silentProgress, type ProgressReporter, type ProgressState } from './progress-reporter.js';
export { embeddedTarget } from './embedded-target.js';
export { DEEP_GENEALOGY_NODES } from './genealogy-chain.js';
export { isValidVin, vin } from './gs1-identifiers.js';
