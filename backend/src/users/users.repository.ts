import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { DomainError } from '../core/http/domain-error';
import { UserEntity, UserRole } from './user.entity';

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { email } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Active users by name, of one team when given. */
  listActive(team?: string): Promise<UserEntity[]> {
    return this.repo.find({ where: { active: true, ...(team ? { team } : {}) }, order: { name: 'ASC' } });
  }

  listAll(): Promise<UserEntity[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }


  async insert(user: Pick<UserEntity, 'email' | 'name' | 'role' | 'passwordHash'> & { team?: string | null }): Promise<UserEntity> {
    try {
      return await this.repo.save(this.repo.create(user));
    } catch (e) {
      // Two creates with the same email at once both pass the service's check; the unique index decides.
      if (isUniqueViolation(e)) throw new DomainError('conflict', 'email_taken', 'A user with this email already exists');
      throw e;
    }
  }

  /** Sets a new password and raises the token version, so every earlier token stops working. */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  saveTwoFactor(id: string, patch: Partial<Pick<UserEntity, 'totpSecret' | 'totpPendingSecret' | 'totpLastStep' | 'recoveryCodeHashes'>>): Promise<unknown> {
    return this.repo.update({ id }, patch);
  }

  /** One conditional update, so two requests with the same code cannot both pass. */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const res = await this.repo.manager.query<[unknown[], number]>(
      `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [id, step],
    );
    return res[1] === 1;
  }

  async useRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const res = await this.repo.manager.query<[unknown[], number]>(
      `UPDATE users SET recovery_code_hashes = array_remove(recovery_code_hashes, $2) WHERE id = $1 AND $2 = ANY(recovery_code_hashes)`,
      [id, codeHash],
    );
    return res[1] === 1;
  }

  /** The active members of a team (a team lead may hand leads to these). */
  findActiveTeamMember(id: string, team: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id, team, active: true } });
  }

  countActiveAdmins(): Promise<number> {
    return this.repo.count({ where: { role: UserRole.Admin, active: true } });
  }

  /**
   * Applies the change unless it would remove the last active admin (`losesAdmin`); returns false
   * then. Locks the active admin rows first, so concurrent demotions queue and see each other.
   */
  async updateKeepingAnAdmin(id: string, changes: Partial<Pick<UserEntity, 'name' | 'role' | 'active' | 'passwordHash' | 'team'>>, losesAdmin: boolean, revokeTokens = false): Promise<boolean> {
    return this.repo.manager.transaction(async (tx) => {
      if (losesAdmin) {
        const admins = await tx.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
        if (admins.length <= 1) return false;
      }
      if (Object.keys(changes).length || revokeTokens) {
        await tx.getRepository(UserEntity).update({ id }, { ...changes, ...(revokeTokens ? { tokenVersion: () => 'token_version + 1' } : {}) });
      }
      return true;
    });
  }
}
