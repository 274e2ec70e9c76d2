// The provenance gateway: a Nest module the `lotledger start` process composes, plus its pure parts.
export { GatewayModule } from './gateway.module.js';
export { GATEWAY_OPTIONS, gatewayOptionsFromEnv, type GatewayOptions } from './gateway-options.js';
export { ProvenanceService } from './provenance/provenance.service.js';
export { publicEvent, publicPlaceName, type PublicPlaces } from './provenance/public-event.projection.js';
export { LedgerVerifier, type VerificationOutcome } from './provenance/ledger-verification.js';
export { consumerView, type ConsumerView, type ProvenanceFacts } from './provenance/consumer-view.js';
export { parseEventQuery, type QueryParameterIssue } from './epcis/epcis-query.parser.js';
export { openApiDocument } from './epcis/openapi.document.js';
export { QR_OPTIONS } from './qr/qr-code.controller.js';
export { createGatewayApp, type GatewayAppOptions } from './gateway-app.js';
