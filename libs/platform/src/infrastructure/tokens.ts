/**
 * Nest DI tokens shared by every service (PIPELINE.md). Symbols, so two modules cannot collide
 * by spelling; `InfrastructureModule.forRoot` provides all of them.
 */
export const APP_CONFIG = Symbol.for('lotledger.APP_CONFIG');
export const LOGGER = Symbol.for('lotledger.LOGGER');
export const METRICS = Symbol.for('lotledger.METRICS');
/** LedgerPort */
export const LEDGER = Symbol.for('lotledger.LEDGER');
/** EventBus */
export const EVENT_BUS = Symbol.for('lotledger.EVENT_BUS');
/** ReadModelStore: writer + reader + capture jobs + registry. */
export const READ_MODEL = Symbol.for('lotledger.READ_MODEL');
