// Public surface of @lotledger/ingest: the Nest module and app factory, the capture use case, the
// Kafka intake, and the HTTP wiring the composed application (`lotledger start`) needs.
export { IngestModule, KAFKA_INTAKE, type IngestModuleOptions } from './ingest.module.js';
export { createIngestApp, type IngestAppOptions } from './ingest.app.js';
export { CAPTURE_SERVICE } from './ingest.tokens.js';
export { CaptureService, eventLocation, type CaptureRequest, type CaptureOutcome, type CaptureChannel } from './capture/capture.service.js';
export { CaptureProblem, type CaptureProblemCode } from './capture/capture.problem.js';
export { CAPTURE_MAX_EVENTS, type CaptureBus, type CaptureStore } from './capture/capture.port.js';
export { PartyAuthorisation, glnOf } from './capture/party.authorisation.js';
export { KafkaIntake, INTAKE_GROUP, DLQ_SOURCE, captureIdOf, type KafkaIntakeOptions } from './intake/kafka-intake.consumer.js';
export { configureIngestHttp, CAPTURE_MEDIA_TYPES, type IngestHttpOptions } from './http/strict-json.body-parser.js';
export { captureHeaders } from './http/capture.headers.js';
export { IngestProblemFilter, normaliseHttpError } from './http/ingest-problem.filter.js';
