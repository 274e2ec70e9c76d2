import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonValue } from '../ports/read-model.types.js';
import type { Industry } from '../ports/registry-store.port.js';

/** GTIN master data shown to consumers (public attributes only). */
@Entity({ name: 'products' })
@Check('products_industry_check', `industry IN ('pharma', 'auto', 'steel', 'other')`)
export class ProductEntity {
  @PrimaryColumn({ type: 'text' })
  gtin!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  industry!: Industry;

  @Column({ name: 'image_url', type: 'text', nullable: true })
  imageUrl!: string | null;

  @Column({ name: 'public_attributes', type: 'jsonb', default: () => "'{}'" })
  publicAttributes!: { [key: string]: JsonValue };

  @Index('products_owner_idx')
  @Column({ name: 'owner_msp', type: 'text' })
  ownerMsp!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
