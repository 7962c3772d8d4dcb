import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity, UserRole } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { email } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  listAll(): Promise<UserEntity[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  listActiveAgents(): Promise<UserEntity[]> {
    return this.repo.find({ where: { active: true }, order: { createdAt: 'ASC' } });
  }

  countAdmins(): Promise<number> {
    return this.repo.count({ where: { role: UserRole.Admin, active: true } });
  }

  insert(user: Pick<UserEntity, 'email' | 'name' | 'role' | 'passwordHash'>): Promise<UserEntity> {
    return this.repo.save(this.repo.create(user));
  }

  async update(id: string, changes: Partial<Pick<UserEntity, 'name' | 'role' | 'active' | 'passwordHash'>>): Promise<void> {
    await this.repo.update({ id }, changes);
  }
}
