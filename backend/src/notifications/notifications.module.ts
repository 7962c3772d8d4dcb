import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationFeed } from './notification-feed';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * The notification centre. Notifications are created by database triggers (Notifications
 * migration) on the tables other features write, so no feature has to call this one.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationSettingsEntity])],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository, NotificationFeed],
})
export class NotificationsModule {}
