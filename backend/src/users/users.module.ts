import { Module } from '@nestjs/common';
import { UserDirectoryModule } from './user-directory.module';
import { ApiKeysController, UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Admin endpoints for users and API keys. AuthService comes from the global AuthModule. */
@Module({
  imports: [UserDirectoryModule],
  controllers: [UsersController, ApiKeysController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
