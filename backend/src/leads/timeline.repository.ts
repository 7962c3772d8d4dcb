import { Injectable } from '@nestjs/common';
import { EntityManager, type QueryDeepPartialEntity } from 'typeorm';
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

  /**
   * Appends several entries in one statement, in the order given (each row takes its own
   * clock_timestamp()), and moves the last-activity clock once.
   */
  async appendMany(leadId: string, activities: NewActivity[], tx: EntityManager): Promise<void> {
    if (!activities.length) return;
    const rows = await tx
      .getRepository(ActivityEntity)
      .createQueryBuilder()
      .insert()
      .values(activities.map((a) => ({ leadId, type: a.type, summary: a.summary, actorId: a.actorId ?? null, direction: a.direction ?? null, data: a.data ?? {} })) as QueryDeepPartialEntity<ActivityEntity>[])
      .returning(['createdAt'])
      .execute();
    const last = (rows.generatedMaps[rows.generatedMaps.length - 1] as { createdAt?: Date } | undefined)?.createdAt ?? new Date();
    await tx.getRepository(LeadEntity).update({ id: leadId }, { lastActivityAt: last });
  }
}
