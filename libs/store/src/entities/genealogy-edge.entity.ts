import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { GenealogyKind } from '../ports/read-model.types.js';

/** One parent/child link in EPCIS terms (see GenealogyEdge); walked both ways by a recursive CTE. */
@Entity({ name: 'genealogy_edges' })
@Check('genealogy_edges_kind_check', `kind IN ('aggregation', 'transformation', 'association')`)
@Index('genealogy_edges_child_idx', ['childId', 'parentId'])
export class GenealogyEdgeEntity {
  @PrimaryColumn({ name: 'parent_id', type: 'text', primaryKeyConstraintName: 'genealogy_edges_pkey' })
  parentId!: string;

  @PrimaryColumn({ name: 'child_id', type: 'text', primaryKeyConstraintName: 'genealogy_edges_pkey' })
  childId!: string;

  @PrimaryColumn({ name: 'hash_id', type: 'text', primaryKeyConstraintName: 'genealogy_edges_pkey' })
  hashId!: string;

  @Column({ type: 'text' })
  kind!: GenealogyKind;
}
