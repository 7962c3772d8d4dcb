import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { NotificationKind } from './notification.enums';

/** Which kinds a person turned off (no row: they get every kind). The insert triggers read it. */
@Entity('notification_settings')
export class NotificationSettingsEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'muted_kinds', type: 'enum', enum: NotificationKind, enumName: 'notification_kind', array: true, default: '{}' })
  mutedKinds: NotificationKind[];
}
