import { Module } from '@nestjs/common';
import { IntegrationEventSink } from '../core/events/integration-events';
import { IntegrationEventsRepository } from './integration-events.repository';

/**
 * The integrations feature's implementation of core's `IntegrationEventSink` port, on its own so
 * that publishing an event needs nothing else of this feature (`IntegrationEventsModule.forRoot`).
 */
@Module({
  providers: [IntegrationEventsRepository, { provide: IntegrationEventSink, useExisting: IntegrationEventsRepository }],
  exports: [IntegrationEventSink, IntegrationEventsRepository],
})
export class IntegrationsOutboxModule {}
