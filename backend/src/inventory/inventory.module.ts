import { Module } from '@nestjs/common';
import { EmbeddingModule } from '../embedding/embedding.module';
import { InventoryController } from './inventory.controller';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';

@Module({
  imports: [EmbeddingModule],
  controllers: [InventoryController],
  providers: [InventoryService, InventoryRepository, MatchingService, MatchingRepository],
  exports: [InventoryService, MatchingService],
})
export class InventoryModule {}
