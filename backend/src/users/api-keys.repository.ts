import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  private readonly touched = new Map<string, number>();

  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { keyHash, revokedAt: IsNull() }, relations: { user: true } });
  }

  listAll(): Promise<ApiKeyEntity[]> {
    return this.repo.find({ relations: { user: true }, order: { createdAt: 'DESC' } });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { id }, relations: { user: true } });
  }

  insert(key: Pick<ApiKeyEntity, 'name' | 'prefix' | 'keyHash' | 'userId'>): Promise<ApiKeyEntity> {
    return this.repo.save(this.repo.create(key));
  }

  async revoke(id: string): Promise<void> {
    await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Records use at most once a minute per key, so busy integrations don't write on every call. */
  async touch(id: string): Promise<void> {
    const now = Date.now();
    if ((this.touched.get(id) ?? 0) > now - 60_000) return;
    this.touched.set(id, now);
    await this.repo.update({ id }, { lastUsedAt: new Date(now) });
  }
}
