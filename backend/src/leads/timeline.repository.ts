import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActivityEntity } from './activity.entity';
import { LeadEntity } from './lead.entity';
import { ActivityType } from './lead.enums';

export interface NewActivity {
  type: ActivityType;
  summary: string;
  actorId?: string | null;
  direction?: 'inbound' | 'outbound' | null;
  data?: Record<string, unknown>;
}

/** Appends to a lead's timeline. Used by every module that changes a lead. */
@Injectable()
export class TimelineRepository {
  /** Appends one entry and moves the lead's last-activity clock, inside the caller's transaction. */
  async append(leadId: string, activity: NewActivity, tx: EntityManager): Promise<ActivityEntity> {
    const repo = tx.getRepository(ActivityEntity);
    const saved = await repo.save(
      repo.create({
        leadId,
        type: activity.type,
        summary: activity.summary,
        actorId: activity.actorId ?? null,
        direction: activity.direction ?? null,
        data: activity.data ?? {},
      }),
    );
    await tx.getRepository(LeadEntity).update({ id: leadId }, { lastActivityAt: saved.createdAt });
    return saved;
  }
}
