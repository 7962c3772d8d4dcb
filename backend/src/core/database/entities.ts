import { MessageEntity } from '../../agent/message.entity';
import { SessionEntity } from '../../agent/session.entity';
import { ViewingEntity } from '../../viewings/viewing.entity';
import { ActivityEntity } from '../../leads/activity.entity';
import { ContactEntity } from '../../leads/contact.entity';
import { DuplicateCandidateEntity } from '../../leads/duplicate-candidate.entity';
import { LeadMatchEntity } from '../../leads/lead-match.entity';
import { LeadProfileEntity } from '../../leads/lead-profile.entity';
import { LeadEntity } from '../../leads/lead.entity';
import { TaskEntity } from '../../leads/task.entity';
import { UnitVectorEntity } from '../../embedding/unit-vector.entity';
import { UnitEntity } from '../../inventory/unit.entity';
import { QualificationEntity } from '../../scoring/qualification.entity';
import { ApiKeyEntity } from '../../users/api-key.entity';
import { UserEntity } from '../../users/user.entity';
import { SavedViewEntity } from '../../views/saved-view.entity';
import { InboundSourceEntity } from '../../webhooks/sources/inbound-source.entity';
import { WebhookDeliveryEntity, WebhookEventEntity } from '../../webhooks/webhook-event.entity';

export const ENTITIES = [
  UserEntity,
  ApiKeyEntity,
  ContactEntity,
  LeadEntity,
  LeadProfileEntity,
  QualificationEntity,
  UnitEntity,
  ActivityEntity,
  TaskEntity,
  UnitVectorEntity,
  LeadMatchEntity,
  SessionEntity,
  MessageEntity,
  ViewingEntity,
  SavedViewEntity,
  WebhookDeliveryEntity,
  WebhookEventEntity,
  DuplicateCandidateEntity,
  InboundSourceEntity,
];
