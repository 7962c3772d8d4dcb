import { DynamicModule, Global, Module, Type } from '@nestjs/common';

/**
 * Makes the `IntegrationEventSink` port available to every feature that publishes events. The app
 * and the worker pass the module that implements it (the integrations feature's outbox).
 */
@Global()
@Module({})
export class IntegrationEventsModule {
  /** `sink`: a module that exports a provider for IntegrationEventSink. */
  static forRoot(sink: Type | DynamicModule): DynamicModule {
    return { module: IntegrationEventsModule, imports: [sink], exports: [sink] };
  }
}
