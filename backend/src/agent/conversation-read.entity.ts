import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { SessionEntity } from './session.entity';

/**
 * How far one person of the team has read one conversation: the lead's messages after the latest
 * mark of anyone on the team count as unread. One row per person and conversation, moved forward only.
 */
@Entity('conversation_reads')
export class ConversationReadEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: SessionEntity;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** The time of the latest message they had in front of them when they opened the conversation. */
  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt: Date;
}
