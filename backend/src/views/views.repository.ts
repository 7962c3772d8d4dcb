import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SavedViewEntity } from './saved-view.entity';

@Injectable()
export class ViewsRepository {
  constructor(@InjectRepository(SavedViewEntity) private readonly repo: Repository<SavedViewEntity>) {}

  listForUser(userId: string): Promise<SavedViewEntity[]> {
    return this.repo.find({ where: { userId }, order: { name: 'ASC' } });
  }

  findByName(userId: string, name: string): Promise<SavedViewEntity | null> {
    return this.repo.findOne({ where: { userId, name } });
  }

  insert(view: Pick<SavedViewEntity, 'userId' | 'name' | 'filters'>): Promise<SavedViewEntity> {
    return this.repo.save(this.repo.create(view));
  }

  /** Deletes the view only when it belongs to the user; says whether it did. */
  async deleteOwned(id: string, userId: string): Promise<boolean> {
    const res = await this.repo.delete({ id, userId });
    return (res.affected ?? 0) > 0;
  }
}
