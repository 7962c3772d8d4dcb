import { profileFacts } from './lead-profile-card';
import { leadDetail } from './lead-fixture';

describe('profileFacts', () => {
  it('lists what is known, each with the evidence and the message it was read from', () => {
    const base = leadDetail().profile;
    const profile = {
      ...base,
      evidence: {
        budgetMax: { value: 800000, messageId: 'msg-1', confidence: 0.9, source: 'agent' as const, at: '2026-11-25T10:00:00Z' },
        bedrooms: { value: 3, messageId: null, confidence: 1, source: 'user' as const, at: '2026-11-25T10:00:00Z' },
      },
    };
    const timeline = [{ id: 'msg-1', type: 'message' as const, summary: 'We can spend up to 800k', direction: 'inbound' as const, actor: null, data: {}, createdAt: '2026-11-25T10:00:00Z' }];
    const facts = profileFacts(profile, timeline);
    expect(facts.map((f) => [f.label, f.value])).toEqual([
      ['Looking to', 'Buy'],
      ['Budget', 'up to $800K'],
      ['Bedrooms', '3 or more'],
      ['Areas', 'Ballard'],
    ]);
    const budget = facts.find((f) => f.field === 'budgetMax')!;
    expect(budget.evidence?.confidence).toBe(0.9);
    expect(budget.quote).toBe('We can spend up to 800k');
    expect(facts.find((f) => f.field === 'bedrooms')!.quote).toBeNull();
  });

  it('prefers the exact words the assistant kept as evidence', () => {
    const profile = {
      ...leadDetail().profile,
      evidence: { locations: { value: ['Ballard'], messageId: 'msg-9', quote: 'somewhere in Ballard', confidence: 0.9, source: 'agent' as const, at: '2026-11-25T10:00:00Z' } },
    };
    expect(profileFacts(profile, []).find((f) => f.field === 'locations')!.quote).toBe('somewhere in Ballard');
  });
});
