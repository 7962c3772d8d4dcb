import { readLeadForm } from './form-answers';

const ctx = { now: new Date('2026-12-04T12:00:00Z'), timezone: 'America/Los_Angeles' };

describe('Lead Ads form answers → contact and profile', () => {
  it('reads standard and custom questions, each fact with "form answer: <question>" as evidence', () => {
    const r = readLeadForm(
      [
        { name: 'full_name', values: ['Dana Whitfield'] },
        { name: 'email', values: ['dana@example.com'] },
        { name: 'phone_number', values: ['+12065550143'] },
        { name: 'city', values: ['Bellevue'] },
        { name: 'what_is_your_budget?', values: ['$600k - $750k'] },
        { name: 'how_many_bedrooms?', values: ['3'] },
        { name: 'are_you_looking_to_buy_or_rent?', values: ['buy'] },
        { name: 'when_do_you_plan_to_move?', values: ['within 3 months'] },
        { name: 'favourite_colour', values: ['green'] },
        { name: 'preferred_language', values: ['Spanish'] },
      ],
      ctx,
    );
    expect(r.contact).toEqual({ name: 'Dana Whitfield', email: 'dana@example.com', phone: '+12065550143', language: 'es' });
    expect(r.profile).toMatchObject({ budgetMin: 600000, budgetMax: 750000, bedrooms: 3, purpose: 'buy', timeline: '1-3_months', locations: ['Bellevue'] });
    expect(r.evidence.bedrooms).toMatchObject({ quote: 'form answer: how many bedrooms?', source: 'webhook', messageId: null });
    expect(r.evidence.budgetMax?.quote).toBe('form answer: what is your budget?');
    expect(r.other).toEqual([{ question: 'favourite colour', answer: 'green' }]);
  });

  it('first + last name make the name; numbers as values are read; empty answers skipped', () => {
    const r = readLeadForm([{ name: 'first_name', values: ['Sam'] }, { name: 'last_name', values: ['Ortiz'] }, { name: 'bedrooms', values: [2] }, { name: 'budget', values: [] }], ctx);
    expect(r.contact.name).toBe('Sam Ortiz');
    expect(r.profile).toEqual({ bedrooms: 2 });
  });
});
