import { CreateReadModel1764000000000 } from './1764000000000-create-read-model.migration.js';
import { BatchLeaves1764000000001 } from './1764000000001-batch-leaves.migration.js';
import { Alerts1764000000002 } from './1764000000002-alerts.migration.js';
import { WritePathIndexes1764000000003 } from './1764000000003-write-path-indexes.migration.js';
import { GenealogyChanges1764000000004 } from './1764000000004-genealogy-changes.migration.js';
import { RegistryVersion1764000000005 } from './1764000000005-registry-version.migration.js';

/** Every migration in order; TypeORM runs the pending ones at start (`migrationsRun`). */
export const READ_MODEL_MIGRATIONS = [
  CreateReadModel1764000000000,
  BatchLeaves1764000000001,
  Alerts1764000000002,
  WritePathIndexes1764000000003,
  GenealogyChanges1764000000004,
  RegistryVersion1764000000005,
];
