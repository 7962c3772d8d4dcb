import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SeedRepository } from './seed.repository';
import { SeedService } from './seed.service';

@Module({
  imports: [UsersModule],
  providers: [SeedService, SeedRepository],
  exports: [SeedService],
})
export class SeedModule {}
