import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { LeadEntity } from './lead.entity';

export enum DuplicateSignal {
  Email = 'email',
  Phone = 'phone',
  EmailAndPhone = 'email_and_phone',
  WhatsApp = 'whatsapp',
  /** The same Meta Lead Ads lead (leadgen id) arrived twice. */
  LeadAds = 'lead_ads',
}

/** Where the second contact came from: a new lead, an edit, details learned in a conversation, or a CSV import. */
export type DuplicateOrigin = 'lead_created' | 'lead_updated' | 'conversation' | 'import';

export enum DuplicateStatus {
  Open = 'open',
  Merged = 'merged',
  Dismissed = 'dismissed',
}

/**
 * Two contacts that may be the same person, kept apart because the person who brought in the
 * second one may not see the first (contacts are never reused across visibility), or two leads of
 * one contact. Reviewed in the duplicates queue by someone who sees both leads: merged, or "not the
 * same person" (status dismissed: the pair is never proposed again).
 */
// One row per pair of leads (two leads of one contact are a pair too: the same person, twice).
@Index('uq_duplicate_candidates_leads', ['leadId', 'otherLeadId'], { unique: true })
@Index('idx_duplicate_candidates_contacts', ['contactId', 'otherContactId'])
@Entity('duplicate_candidates')
export class DuplicateCandidateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The contact that was just created or changed. */
  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_id' })
  lead?: LeadEntity;

  /** The existing contact it matched. */
  @Index('idx_duplicate_candidates_other')
  @Column({ name: 'other_contact_id', type: 'uuid' })
  otherContactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'other_contact_id' })
  otherContact?: ContactEntity;

  @Column({ name: 'other_lead_id', type: 'uuid', nullable: true })
  otherLeadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'other_lead_id' })
  otherLead?: LeadEntity;

  /** What matched. */
  @Column({ type: 'varchar', length: 20 })
  signal: DuplicateSignal;

  @Column({ type: 'varchar', length: 20 })
  origin: DuplicateOrigin;

  /** 0..1: how likely the two are the same person (see duplicate-detector.service.ts). */
  @Column({ type: 'real', default: 0 })
  confidence: number;

  /** Why, in a broker's words: "phone +1 206 555 0101 equal", "names 'Jon Smith' / 'John Smith', Jaro-Winkler 0.97". */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  evidence: string[];

  /** Who decided (merged, or "not the same person"), and when. */
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Index('idx_duplicate_candidates_status')
  @Column({ type: 'varchar', length: 20, default: DuplicateStatus.Open })
  status: DuplicateStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
