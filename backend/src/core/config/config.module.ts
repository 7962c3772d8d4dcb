import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, clockFor } from '../time/clock';
import { AppConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }, { provide: Clock, useValue: clockFor(config.env.TEST_CLOCK_FILE) }], exports: [AppConfig, Clock] };
  }
}
