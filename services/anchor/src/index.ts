// The anchor service: its use case (pure of Nest, ports only) and its Nest module.
export { AnchorBatchUseCase, type AnchorBatchOutcome } from './application/anchor-batch.use-case.js';
export type { AnchorBatchPorts } from './application/anchor-batch.ports.js';
export { AnchorModule } from './nest/anchor.module.js';
export { AnchorAppModule } from './nest/anchor-app.module.js';
export { AnchorConsumerService, ANCHOR_GROUP_ID } from './nest/anchor-consumer.service.js';
