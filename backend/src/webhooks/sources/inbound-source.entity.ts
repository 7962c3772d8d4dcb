import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an admin-defined source is: a signed server-to-server webhook, or a website's own form. */
export enum InboundSourceKind {
  /** Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) on POST /api/webhooks/inbound/:key. */
  Signed = 'signed',
  /** The brokerage's website form, identified by a public key on POST /api/public/leads. */
  WebForm = 'web_form',
}

/**
 * An inbound source an admin set up: a portal, Zapier, a landing-page builder (signed), or one of
 * the brokerage's websites (public key). Disabled sources accept nothing; they are kept for the
 * leads that name them.
 */
@Entity('inbound_sources')
export class InboundSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The URL key (`/api/webhooks/inbound/<key>`), or the site's public key (`pk_…`). */
  @Index('uq_inbound_sources_key', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  key: string;

  /** The name brokers see ("Zillow", "Spring landing page"). */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  kind: InboundSourceKind;

  /**
   * The Standard Webhooks signing secret (`whsec_…`), signed sources only. Shown once at creation;
   * never returned again. Kept as is because verifying an HMAC needs the key itself.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  secret: string | null;

  /** Which JSON path of a delivery fills which contact or profile field (signed sources). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  mapping: Record<string, string>;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
