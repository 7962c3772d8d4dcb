import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ViewingEntity } from './viewing.entity';

/** How the price of the home felt to the lead after seeing it. */
export enum PriceFeeling {
  TooHigh = 'too_high',
  AboutRight = 'about_right',
  GoodValue = 'good_value',
}

/** What a lead thought of a home after viewing it: one answer per viewing, from the lead's link or recorded by the agent. */
@Entity('viewing_feedback')
@Index('idx_viewing_feedback_unit', ['unitId', 'createdAt'])
export class ViewingFeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_viewing_feedback_viewing', { unique: true })
  @Column({ name: 'viewing_id', type: 'uuid' })
  viewingId: string;

  @ManyToOne(() => ViewingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'viewing_id' })
  viewing?: ViewingEntity;

  /** Copied from the viewing: the seller's report reads feedback per home. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId: string;

  @Column({ type: 'boolean' })
  liked: boolean;

  @Column({ name: 'liked_features', type: 'text', array: true, default: () => "'{}'" })
  likedFeatures: string[];

  @Column({ name: 'disliked_features', type: 'text', array: true, default: () => "'{}'" })
  dislikedFeatures: string[];

  @Column({ name: 'price_feeling', type: 'enum', enum: PriceFeeling, enumName: 'price_feeling', nullable: true })
  priceFeeling: PriceFeeling | null;

  /** The lead's own words (or what they told the agent). */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** lead: through the link; agent: recorded by a person (recorded_by). */
  @Column({ type: 'varchar', length: 10 })
  source: 'lead' | 'agent';

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
