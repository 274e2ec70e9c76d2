import { AlertEntity } from './alert.entity.js';
import { BatchEntity } from './batch.entity.js';
import { CaptureJobEventEntity } from './capture-job-event.entity.js';
import { CaptureJobEntity } from './capture-job.entity.js';
import { EventObjectEntity } from './event-object.entity.js';
import { EventEntity } from './event.entity.js';
import { GenealogyEdgeEntity } from './genealogy-edge.entity.js';
import { LocationEntity } from './location.entity.js';
import { ObjectEntity } from './object.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { ProductEntity } from './product.entity.js';

export {
  AlertEntity,
  BatchEntity,
  CaptureJobEventEntity,
  CaptureJobEntity,
  EventObjectEntity,
  EventEntity,
  GenealogyEdgeEntity,
  LocationEntity,
  ObjectEntity,
  OrganisationEntity,
  ProductEntity,
};

export const READ_MODEL_ENTITIES = [
  BatchEntity,
  EventEntity,
  EventObjectEntity,
  ObjectEntity,
  GenealogyEdgeEntity,
  OrganisationEntity,
  ProductEntity,
  LocationEntity,
  CaptureJobEntity,
  CaptureJobEventEntity,
  AlertEntity,
];
