import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

// GIN trigram indexes for the inbox search; created by the migration (TypeORM cannot express them).
@Index('idx_contacts_name_trgm', { synchronize: false })
@Index('idx_contacts_email_trgm', { synchronize: false })
@Index('idx_contacts_phone_trgm', { synchronize: false })
@Entity('contacts')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Lower-cased, trimmed; gmail dots and +tags removed. Used to find duplicates. */
  @Index('idx_contacts_email_normalized')
  @Column({ name: 'email_normalized', type: 'varchar', length: 254, nullable: true })
  emailNormalized: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Index('idx_contacts_phone_e164')
  @Column({ name: 'phone_e164', type: 'varchar', length: 20, nullable: true })
  phoneE164: string | null;

  @Index('idx_contacts_whatsapp_id')
  @Column({ name: 'whatsapp_id', type: 'varchar', length: 40, nullable: true })
  whatsappId: string | null;

  @Column({ name: 'marketing_consent', type: 'boolean', default: false })
  marketingConsent: boolean;

  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true })
  optedOutAt: Date | null;

  /** How they like to be reached (phone, sms, whatsapp, email); null when not said. */
  @Column({ name: 'preferred_channel', type: 'varchar', length: 16, nullable: true })
  preferredChannel: string | null;

  /** The language they speak: a BCP-47 primary tag ("es"), from `normalizeLanguage`; null when not known. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  /** IANA zone, e.g. America/Los_Angeles. */
  @Column({ type: 'varchar', length: 64, default: 'America/Los_Angeles' })
  timezone: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
