import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthUser } from '../core/auth/auth-user';
import { AuditTrail } from '../core/audit/audit-trail';
import { CalendarFeedDto, CalendarFeedStatusDto } from './viewings.dto';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Each agent's private iCal feed: a random token in the address (only its hash is stored), made
 * again to rotate, deleted to revoke. Calendar apps poll it; it lists the agent's viewings.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly repo: ViewingsRepository,
    private readonly viewings: ViewingsService,
    private readonly audit: AuditTrail,
  ) {}

  async status(user: AuthUser): Promise<CalendarFeedStatusDto> {
    return { active: await this.repo.hasFeed(user.id) };
  }

  async create(user: AuthUser): Promise<CalendarFeedDto> {
    const token = randomBytes(24).toString('base64url');
    await this.repo.saveFeed(user.id, hashOf(token));
    return { path: `/api/public/calendars/${token}.ics` };
  }

  /** Turns the feed off (its address stops working); the audit log records it when there was one. */
  async revoke(user: AuthUser): Promise<void> {
    if (await this.repo.deleteFeed(user.id)) await this.audit.record({ action: 'calendar_feed.revoked', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'user', targetId: user.id });
  }

  /** The feed for a token, or null (unknown, revoked, or its agent deactivated). */
  async render(token: string, now = new Date()): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
    const owner = await this.repo.feedOwner(hashOf(token));
    return owner ? this.viewings.feedOf(owner, now) : null;
  }
}
