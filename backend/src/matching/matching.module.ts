import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { LeadsModule } from '../leads/leads.module';
import { LeadMatchEntity } from './lead-match.entity';
import { LeadMatchesController, UnitMatchesController } from './matching.controller';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';

/** "Homes for this lead" and "leads for this home": depends on leads and inventory, which know nothing of each other. */
@Module({
  imports: [TypeOrmModule.forFeature([LeadMatchEntity]), LeadsModule, InventoryModule],
  controllers: [LeadMatchesController, UnitMatchesController],
  providers: [MatchingService, MatchingRepository],
  exports: [MatchingService],
})
export class MatchingModule {}
