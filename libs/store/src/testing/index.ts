// Test support for adapters and services: the conformance suite and its fixtures (imports vitest).
export * from './read-model-conformance.js';
export * from './read-model-fixtures.js';
export * from './alert-conformance.js';
