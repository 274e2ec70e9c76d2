// What every lotledger service shares: configuration, logging, metrics, the DI tokens and the
// infrastructure module, operations endpoints, problem+json errors and the pipeline's message contract.
export * from './config/app-config.js';
export * from './logging/logger.js';
export * from './metrics/pipeline-metrics.js';
export * from './infrastructure/tokens.js';
export {
  InfrastructureModule,
  openEventBus,
  openLedger,
  openReadModel,
  type InfrastructureOptions,
  type ProvidedAdapters,
} from './infrastructure/infrastructure.module.js';
export { OperationsModule } from './operations/operations.module.js';
export { OperationsController } from './operations/operations.controller.js';
export { checkReadiness, type DependencyStatus, type Pingable, type Readiness } from './operations/readiness.js';
export * from './errors/problem-details.js';
export * from './pipeline/topics.js';
export * from './pipeline/captured-event.message.js';
export * from './pipeline/event-projection.js';
export * from './pipeline/object-state.projection.js';
