import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventObjectRole } from '../ports/read-model.types.js';

/** Which objects an event names, and in which role: the index behind MATCH_* queries. */
@Entity({ name: 'event_objects' })
@Check('event_objects_role_check', `role IN ('epc', 'parent', 'child', 'input', 'output', 'quantity_class')`)
@Index('event_objects_object_idx', ['objectId', 'role'])
export class EventObjectEntity {
  @PrimaryColumn({ name: 'hash_id', type: 'text', primaryKeyConstraintName: 'event_objects_pkey' })
  hashId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'event_objects_pkey' })
  role!: EventObjectRole;

  @PrimaryColumn({ name: 'object_id', type: 'text', primaryKeyConstraintName: 'event_objects_pkey' })
  objectId!: string;

  @Column({ type: 'double precision', nullable: true })
  quantity!: number | null;

  @Column({ type: 'text', nullable: true })
  uom!: string | null;
}
