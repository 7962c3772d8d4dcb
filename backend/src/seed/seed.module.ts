import { Module } from '@nestjs/common';
import { AuthModule } from '../core/auth/auth.module';
import { UsersModule } from '../users/users.module';
import { SeedRepository } from './seed.repository';
import { SeedService } from './seed.service';

@Module({
  imports: [AuthModule, UsersModule],
  providers: [SeedService, SeedRepository],
  exports: [SeedService],
})
export class SeedModule {}
