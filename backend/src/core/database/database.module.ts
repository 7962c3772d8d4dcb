import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { ListReads } from './list-reads';
import { PgNotifications } from './pg-notifications';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Entities come from each feature module's TypeOrmModule.forFeature.
        ...databaseOptions(config.databaseUrl, config.env.DB_POOL_SIZE, []),
        autoLoadEntities: true,
        migrationsRun: config.env.MIGRATE_ON_START && !config.specOnly,
        // Writing the OpenAPI document needs the modules, not a database.
        manualInitialization: config.specOnly,
      }),
    }),
  ],
  providers: [ListReads, PgNotifications],
  exports: [ListReads, PgNotifications],
})
export class DatabaseModule {}
