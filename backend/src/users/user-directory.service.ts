import { Injectable } from '@nestjs/common';
import type { AccountDirectory, TwoFactorPatch } from '../core/auth/account-directory';
import { ApiKeysRepository } from './api-keys.repository';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Users as auth and other features look them up: the `users` side of auth's AccountDirectory port. */
@Injectable()
export class UserDirectoryService implements AccountDirectory {
  constructor(
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  async findByApiKeyHash(keyHash: string): Promise<{ keyId: string; account: UserEntity } | null> {
    const found = await this.apiKeys.findActiveByHash(keyHash);
    return found?.user ? { keyId: found.id, account: found.user } : null;
  }

  markApiKeyUsed(keyId: string): Promise<void> {
    return this.apiKeys.touch(keyId);
  }

  setPassword(id: string, passwordHash: string): Promise<void> {
    return this.users.setPassword(id, passwordHash);
  }

  async saveTwoFactor(id: string, patch: TwoFactorPatch): Promise<void> {
    await this.users.saveTwoFactor(id, patch);
  }

  useTotpStep(id: string, step: number): Promise<boolean> {
    return this.users.useTotpStep(id, step);
  }

  useRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    return this.users.useRecoveryCode(id, codeHash);
  }

  /** The user if they are an active member of `team` (who a team lead may hand a lead to). */
  findActiveTeamMember(id: string, team: string): Promise<UserEntity | null> {
    return this.users.findActiveTeamMember(id, team);
  }
}
