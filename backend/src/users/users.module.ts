import { Module } from '@nestjs/common';
import { AuthModule } from '../core/auth/auth.module';
import { ApiKeysController, UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController, ApiKeysController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
