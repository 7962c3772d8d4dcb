import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>) {}

  /** Appends; never updates (the table's trigger would refuse it anyway). */
  async append(entry: Omit<AuditEntryEntity, 'id' | 'at'>): Promise<void> {
    await this.repo.save(this.repo.create(entry), { reload: false });
  }

  async findPage(filter: AuditFilter, limit: number, offset: number): Promise<[AuditEntryEntity[], number]> {
    const q = this.repo.createQueryBuilder('a');
    if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) q.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.targetType) q.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) q.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('a.at < :to', { to: filter.to });
    return q.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').take(limit).skip(offset).getManyAndCount();
  }
}
