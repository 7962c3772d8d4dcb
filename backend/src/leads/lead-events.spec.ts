import { integrationEventOf } from './lead-events';
import { ActivityType } from './lead.enums';

describe('integrationEventOf: which timeline entries integrators hear about', () => {
  const lead = 'a3c1e0f2-0000-4000-8000-000000000001';

  it.each([
    [{ type: ActivityType.LeadCreated, summary: 'Lead created by Ada (web)', data: { source: 'web', assigneeId: null } }, 'lead.created', { source: 'web' }],
    [{ type: ActivityType.LeadUpdated, summary: 'Contact details updated', data: { fields: ['email'] } }, 'lead.updated', { part: 'contact', fields: ['email'] }],
    [{ type: ActivityType.ProfileUpdated, summary: 'Profile updated by the AI: budgetMax', data: { fields: ['budgetMax'] } }, 'lead.updated', { part: 'profile', fields: ['budgetMax'] }],
    [{ type: ActivityType.StageChanged, summary: 'Stage new → contacted', data: { from: 'new', to: 'contacted', reason: null } }, 'lead.stage_changed', { from: 'new', to: 'contacted' }],
    [{ type: ActivityType.Assigned, summary: 'Assigned to Bo', data: { from: null, to: 'u1' } }, 'lead.assigned', { from: null, to: 'u1' }],
    [{ type: ActivityType.Message, direction: 'inbound' as const, summary: 'Is it free?', data: { channel: 'whatsapp', messageId: 'm1' } }, 'message.received', { channel: 'whatsapp', text: 'Is it free?', messageId: 'm1' }],
    [{ type: ActivityType.Message, direction: 'outbound' as const, summary: 'Yes!', data: { channel: 'web', by: 'ai' } }, 'message.sent', { by: 'assistant', held: false, text: 'Yes!' }],
    [{ type: ActivityType.Message, direction: 'outbound' as const, summary: 'Tomorrow at 9', data: { channel: 'whatsapp', held: true } }, 'message.sent', { by: 'person', held: true }],
    [{ type: ActivityType.Viewing, summary: 'Viewing booked', data: { viewingId: 'v1', unitId: 'u9', startsAt: '2026-12-10T17:00:00.000Z', timezone: 'America/Los_Angeles' } }, 'viewing.booked', { viewingId: 'v1' }],
    [{ type: ActivityType.Viewing, summary: 'Viewing cancelled', data: { viewingId: 'v1', cancelled: true } }, 'viewing.cancelled', { viewingId: 'v1' }],
  ])('%#: %o → %s', (activity, type, data) => {
    expect(integrationEventOf(lead, activity)).toEqual({ type, leadId: lead, data: expect.objectContaining({ leadId: lead, ...data }) });
  });

  it.each([ActivityType.Note, ActivityType.TaskCreated, ActivityType.ScoreChanged, ActivityType.SendDecision, ActivityType.AgentTool])('%s publishes nothing', (type) => {
    expect(integrationEventOf(lead, { type, summary: 'x' })).toBeNull();
  });

  it('a message logged without a direction publishes nothing', () => {
    expect(integrationEventOf(lead, { type: ActivityType.Message, summary: 'x' })).toBeNull();
  });
});
