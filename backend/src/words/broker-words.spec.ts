import { activityActor, activityText, describeValue, formatBudget, formatMoney, labelFor, matchReasons, STAGE_LABELS, timeZoneWords, toolResultText } from './broker-words';

describe('broker words', () => {
  it.each([
    [1_400_000, '$1.4M'],
    [1_250_000, '$1.25M'],
    [850_000, '$850K'],
    [2_500, '$2,500'],
    [0, '$0'],
  ])('says %d as %s', (amount, words) => expect(formatMoney(amount)).toBe(words));

  it('says a budget as a broker would', () => {
    expect(formatBudget(null, 1_400_000)).toBe('up to $1.4M');
    expect(formatBudget(800_000, 1_200_000)).toBe('$800K–$1.2M');
    expect(formatBudget(null, 3_000, 'USD', 'rent')).toBe('up to $3,000 a month');
    expect(formatBudget(null, null)).toBeNull();
  });

  it('names time zones the way people do, not by their database name', () => {
    expect(timeZoneWords('America/Los_Angeles')).toBe('Pacific Time');
    expect(timeZoneWords('Not/AZone')).toBe('AZone time');
  });

  it('never shows a code: unknown keys become words', () => {
    expect(labelFor(STAGE_LABELS, 'won')).toBe('Won');
    expect(labelFor({}, 'budgetMax')).toBe('Budget max');
    expect(labelFor({}, 'viewing_prep')).toBe('Viewing prep');
    expect(describeValue('timeline', '1-3_months')).toBe('In 1–3 months');
    expect(describeValue('propertyTypes', ['house', 'condo'])).toBe('House or condo');
  });

  it('gives a home’s reasons in the buyer’s terms, against their own budget', () => {
    const wishes = { purpose: 'buy', budgetMin: null, budgetMax: 1_400_000, bedrooms: 4, bathrooms: null, propertyTypes: ['house'], locations: ['bellevue'], mustHaves: ['a garden'] };
    const home = { price: 1_350_000, currency: 'USD', bedrooms: 4, bathrooms: 3, type: 'house', area: null, city: 'Bellevue', zip: '98004', text: 'Family house with a large garden' };
    expect(matchReasons(wishes, home)).toEqual(['$1.35M, within budget', '4 bedrooms as asked', 'A house as asked', 'In Bellevue as asked', 'A garden as asked']);
    const over = matchReasons(wishes, { ...home, price: 1_500_000 });
    expect(over[0]).toBe('$1.5M, a little over the $1.4M budget');
    expect(over.join(' ')).not.toContain('1,540,000');
  });

  it('says what happened on the timeline without code names, and who did it', () => {
    const entry = { type: 'profile_updated', summary: 'Profile updated by the AI: budgetMax, bedrooms', direction: null, data: { fields: ['budgetMax', 'bedrooms', 'locations'] } };
    expect(activityText(entry)).toBe('Noted budget, bedrooms and areas');
    expect(activityActor(entry)).toBe('Assistant');
    const tool = { type: 'agent_tool', summary: 'AI schedule_viewing: Free times', direction: null, data: { tool: 'schedule_viewing', ok: true, result: { booked: false, slots: [{ local: 'Fri 4 Dec, 10:00' }, { local: 'Fri 4 Dec, 12:30' }], timezone: 'America/Los_Angeles', unitTitle: 'Maple house' } } };
    expect(activityText(tool)).toBe('Offered times for Maple house: Fri 4 Dec, 10:00 or Fri 4 Dec, 12:30 (Pacific Time)');
    expect(activityText({ type: 'stage_changed', summary: 'Stage new → contacted', direction: null, data: { from: 'new', to: 'contacted', reason: null } })).toBe('Moved from New to Contacted');
  });

  it('says what a tool did from its result', () => {
    expect(toolResultText('update_lead_profile', true, { recorded: ['budgetMax', 'propertyTypes'] }, 'Recorded budgetMax, propertyTypes')).toBe('Noted budget and type of home');
    expect(toolResultText('inventory_search', true, { units: [{ title: 'Maple house', price: 1_350_000, currency: 'USD' }] }, '')).toBe('Found 1 home: Maple house ($1.35M)');
  });
});
