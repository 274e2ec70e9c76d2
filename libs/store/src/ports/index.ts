export * from './read-model.types.js';
export * from './read-model-writer.port.js';
export * from './read-model-reader.port.js';
export * from './capture-job-store.port.js';
export * from './registry-store.port.js';
export * from './alert-store.port.js';
