import { realStackShape } from './pipeline-shape.js';
import { describePipelineSuite } from './pipeline.suite.js';

// The same end-to-end suite on real Kafka (KAFKA_BROKERS) and PostgreSQL (DATABASE_URL), ledger
// embedded in a temp folder; fails naming what is missing when the stack is not configured.
describePipelineSuite(realStackShape(false));
