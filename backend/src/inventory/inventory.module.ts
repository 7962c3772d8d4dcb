import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../core/config/app-config';
import { EmbeddingModule } from '../embedding/embedding.module';
import { INDEXED_UNITS } from '../embedding/indexed-units';
import { DiskPhotoStore } from './disk-photo-store';
import { InventoryController } from './inventory.controller';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { PHOTO_STORE } from './photo-store';
import { UnitPhotoFilesController } from './unit-photo-files.controller';
import { UnitPhotosService } from './unit-photos.service';
import { UnitPhotoEntity } from './unit-photo.entity';
import { UnitEntity } from './unit.entity';

@Module({
  imports: [TypeOrmModule.forFeature([UnitEntity, UnitPhotoEntity]), EmbeddingModule],
  controllers: [InventoryController, UnitPhotoFilesController],
  providers: [
    InventoryService,
    InventoryRepository,
    // Embedding's IndexedUnits port: the units the indexer reads and their embedding version.
    { provide: INDEXED_UNITS, useExisting: InventoryRepository },
    UnitPhotosService,
    // The disk store is the default (and, for now, the only adapter): PHOTOS_DIR, else <DATA_DIR>/photos.
    { provide: PHOTO_STORE, inject: [AppConfig], useFactory: (config: AppConfig) => new DiskPhotoStore(config.env.PHOTOS_DIR ?? join(config.env.DATA_DIR, 'photos')) },
  ],
  exports: [InventoryService, INDEXED_UNITS],
})
export class InventoryModule {}
