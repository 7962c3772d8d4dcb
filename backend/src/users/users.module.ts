import { Module } from '@nestjs/common';
import { UserDirectoryModule } from './user-directory.module';
import { ApiKeysController, AssigneesController, UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Admin endpoints for users and API keys. AuthService comes from the global AuthModule. */
@Module({
  imports: [UserDirectoryModule],
  controllers: [UsersController, AssigneesController, ApiKeysController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
