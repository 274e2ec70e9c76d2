import { EMBEDDED_SHAPE } from './pipeline-shape.js';
import { describePipelineSuite } from './pipeline.suite.js';

// The end-to-end suite on the embedded shape: PGlite, the embedded bus and ledger in a temp folder.
describePipelineSuite(EMBEDDED_SHAPE);
