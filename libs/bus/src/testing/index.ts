// Test-only entry point (`@lotledger/bus/testing`): imports vitest, so it stays out of the runtime index.
export { describeEventBusConformance, type ConformanceEnvironment, type EventBusConformanceOptions } from './event-bus-conformance.js';
