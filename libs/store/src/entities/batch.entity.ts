import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One anchored batch: the Merkle root its events prove into and where the ledger committed it. */
@Entity({ name: 'batches' })
export class BatchEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'merkle_root', type: 'text' })
  merkleRoot!: string;

  @Column({ name: 'tx_id', type: 'text' })
  txId!: string;

  @Column({ name: 'block_number', type: 'bigint' })
  blockNumber!: string;

  @Column({ name: 'submitter_msp', type: 'text' })
  submitterMsp!: string;

  @Column({ name: 'event_count', type: 'integer' })
  eventCount!: number;

  @Column({ type: 'integer' })
  accepted!: number;

  @Column({ type: 'integer' })
  rejected!: number;

  @Column({ name: 'anchored_at', type: 'timestamptz' })
  anchoredAt!: Date;

  /** Event hash IDs in leaf order; null for batches written before it was kept. */
  @Column({ type: 'text', array: true, nullable: true })
  leaves!: string[] | null;
}
