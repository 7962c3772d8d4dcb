import type { IntegrationEvent } from '../core/events/integration-events';
import { ActivityType } from './lead.enums';
import type { NewActivity } from './timeline.repository';

/**
 * Which timeline entries integrators hear about. Every change to a lead that matters outside
 * (created, details, stage, assignee, a message either way, a viewing) already writes exactly one
 * timeline entry through the one timeline writer, in the change's own transaction; so the event is
 * derived here, once, and written beside the entry. Entries not listed (notes, tasks, scores,
 * the gate's decisions) publish nothing.
 */
export function integrationEventOf(leadId: string, a: NewActivity): IntegrationEvent | null {
  const data = a.data ?? {};
  const base = { leadId, actorId: a.actorId ?? null, summary: a.summary.slice(0, 2000) };
  switch (a.type) {
    case ActivityType.LeadCreated:
      return { type: 'lead.created', leadId, data: { ...base, source: data.source ?? null, assigneeId: data.assigneeId ?? null } };
    case ActivityType.LeadUpdated:
    case ActivityType.ProfileUpdated:
      return { type: 'lead.updated', leadId, data: { ...base, part: a.type === ActivityType.LeadUpdated ? 'contact' : 'profile', fields: data.fields ?? [] } };
    case ActivityType.StageChanged:
      return { type: 'lead.stage_changed', leadId, data: { ...base, from: data.from ?? null, to: data.to ?? null, reason: data.reason ?? null } };
    case ActivityType.Assigned:
      return { type: 'lead.assigned', leadId, data: { ...base, from: data.from ?? null, to: data.to ?? null } };
    case ActivityType.Message: {
      const message = { ...base, channel: data.channel ?? null, messageId: data.messageId ?? null, sessionId: data.sessionId ?? null, text: a.summary.slice(0, 2000) };
      if (a.direction === 'inbound') return { type: 'message.received', leadId, data: message };
      if (a.direction === 'outbound') return { type: 'message.sent', leadId, data: { ...message, by: data.by === 'ai' ? 'assistant' : 'person', held: data.held === true } };
      return null;
    }
    case ActivityType.Viewing:
      return {
        type: data.cancelled === true ? 'viewing.cancelled' : 'viewing.booked',
        leadId,
        data: { ...base, viewingId: data.viewingId ?? null, unitId: data.unitId ?? null, startsAt: data.startsAt ?? null, timezone: data.timezone ?? null },
      };
    default:
      return null;
  }
}
