import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ACCOUNT_DIRECTORY } from '../core/auth/account-directory';
import { ApiKeyEntity } from './api-key.entity';
import { UserEntity } from './user.entity';
import { UserDirectoryService } from './user-directory.service';
import { ApiKeysRepository } from './api-keys.repository';
import { UsersRepository } from './users.repository';

/**
 * The users' tables and lookups, without the admin endpoints: what auth (through its
 * AccountDirectory port) and other features (an assignee's name) need. Depends on nothing but core,
 * so AuthModule can import it while UsersModule uses AuthService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiKeyEntity])],
  providers: [UsersRepository, ApiKeysRepository, UserDirectoryService, { provide: ACCOUNT_DIRECTORY, useExisting: UserDirectoryService }],
  exports: [UsersRepository, ApiKeysRepository, UserDirectoryService, ACCOUNT_DIRECTORY],
})
export class UserDirectoryModule {}
