import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NotificationKind } from './notification.enums';
import type { NotificationRow } from './notifications.repository';

export class NotificationsQueryDto {
  /** How many to return (1-100, default 20). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class NotificationDto {
  id: string;
  @ApiProperty({ enum: NotificationKind, enumName: 'NotificationKind' })
  kind: NotificationKind;
  /** The lead it is about, if any. */
  leadId: string | null;
  /** The lead's name. */
  leadName: string | null;
  /** Who caused it (null: the lead, the assistant or the system). */
  actorName: string | null;
  /** The notification in words, ready to show. */
  text: string;
  /** A short excerpt of the message or note. */
  excerpt: string;
  createdAt: string;
  read: boolean;
}

export class NotificationPageDto {
  items: NotificationDto[];
  /** Unread notifications in all. */
  unread: number;
  /** Pass as `cursor` for older ones; null at the end. */
  nextCursor: string | null;
}

export class NotificationKindSettingDto {
  @ApiProperty({ enum: NotificationKind, enumName: 'NotificationKind' })
  @IsEnum(NotificationKind)
  kind: NotificationKind;
  /** Whether I want this kind. */
  @IsBoolean()
  enabled: boolean;
}

export class NotificationSettingsDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NotificationKindSettingDto)
  kinds: NotificationKindSettingDto[];
}

/** A `notification` event on the live stream; `unread` is the new unread count. */
export class NotificationEventDto {
  notification: NotificationDto;
  unread: number;
}

const lead = (r: NotificationRow) => r.leadName || 'a lead';

/** The notification in a broker's words. */
export function notificationText(r: NotificationRow): string {
  switch (r.kind) {
    case NotificationKind.LeadAssigned:
      return r.actorName ? `${r.actorName} assigned ${lead(r)} to you` : `${lead(r)} was assigned to you`;
    case NotificationKind.NewMessage:
      return `New message from ${lead(r)}`;
    case NotificationKind.Mentioned:
      return `${r.actorName ?? 'Someone'} mentioned you in a note on ${lead(r)}`;
    case NotificationKind.SlaWarning:
      return `Time limit almost up on ${lead(r)}`;
    case NotificationKind.SlaBreached:
      return `Time limit missed on ${lead(r)}`;
    case NotificationKind.RoutingNoAgent:
      return `No agent could take ${lead(r)}: it waits in the pond. Check the routing rules`;
  }
}

export const mapNotification = (r: NotificationRow): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  leadId: r.leadId,
  leadName: r.leadName,
  actorName: r.actorName,
  text: notificationText(r),
  excerpt: r.excerpt,
  createdAt: new Date(r.createdAt).toISOString(),
  read: r.readAt !== null,
});
