import { readFlowResponse } from './flow-answers';

describe('qualification Flow answer → profile', () => {
  it('maps every question, each fact with evidence "WhatsApp form"', () => {
    const r = readFlowResponse(
      JSON.stringify({ flow_token: 'qualify-1', purpose: 'buy', budget_min: '500000', budget_max: '650000', bedrooms: '3', areas: 'Ballard, Fremont', timeline: '1-3_months', financing: 'pre_approved', contact_time: 'evening' }),
    );
    expect(r).toMatchObject({ ok: true, contactTime: 'evening', flowToken: 'qualify-1', profile: { purpose: 'buy', budgetMin: 500000, budgetMax: 650000, bedrooms: 3, locations: ['Ballard', 'Fremont'], timeline: '1-3_months', financing: 'pre_approved' } });
    if (r.ok) expect(r.evidence.bedrooms).toMatchObject({ quote: 'WhatsApp form', source: 'webhook', value: 3 });
  });

  it('blank optional answers are skipped', () => {
    expect(readFlowResponse('{"purpose":"rent","budget_min":"","budget_max":2500,"bedrooms":"1","timeline":"asap"}')).toMatchObject({ ok: true, profile: { purpose: 'rent', budgetMax: 2500, bedrooms: 1, timeline: 'asap' } });
  });

  it.each([
    ['broken JSON', '{"purpose": "buy", ', 'not valid JSON'],
    ['not an object', '[1,2]', 'not a JSON object'],
    ['missing', undefined, 'missing'],
    ['bedrooms out of range', '{"bedrooms":"45"}', 'bedrooms'],
    ['negative budget', '{"budget_max":"-5"}', 'budget_max'],
    ['min above max', '{"budget_min":"900000","budget_max":"100000"}', 'above'],
    ['unknown purpose', '{"purpose":"steal"}', 'purpose'],
    ['unknown timeline', '{"timeline":"yesterday"}', 'timeline'],
  ])('%s → rejected whole', (_c, json, reason) => {
    const r = readFlowResponse(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
