import { FairHousingVerdict, screenFairHousing, withoutSteering } from './fair-housing';

describe('screenFairHousing', () => {
  it.each<[string, FairHousingVerdict, string[]]>([
    // Choosing a place by its people, in many frames.
    ['Properties for sale in predominantly white suburbs in Seattle', 'steering', ['race']],
    ['an area where most of the residents are Asian', 'steering', ['race']],
    ['I would rather not live next to Arabs', 'steering', ['race']],
    ['looking for homes near Muslim families', 'steering', ['religion']],
    ['no immigrant neighbours please', 'steering', ['national origin']],
    ['is Rainier Beach mostly black?', 'steering', ['race']],
    ['a building where the tenants are all women', 'steering', ['sex']],
    ['far away from any group homes', 'steering', ['disability']],
    ['a condo in a complex without children', 'steering', ['familial status']],
    ['adult-only community in Kirkland', 'steering', ['familial status']],
    ['what is the ethnic mix of Skyway?', 'steering', ['race']],
    ['neighbours who share our religion', 'steering', ['religion']],
    ['no section 8 tenants', 'steering', ['source of income']],
    // A loan tied to a group.
    ['Which mortgage suits a religious group best?', 'lending_group', ['religion']],
    ['do lenders treat Latino borrowers differently?', 'lending_group', ['race']],
    ['loan options for single mothers', 'lending_group', ['sex']],
    // The lead's own needs, place names, things that are not people.
    ['we are a Black family moving to Renton, need 3 bedrooms', 'ok', []],
    ['I use a wheelchair, so step-free entry please', 'ok', []],
    ['walking distance to our synagogue', 'ok', []],
    ['2 bed, no kids, no pets', 'ok', []],
    ['a house in White Center or Black Diamond', 'ok', []],
    ['Indian Hills or Normandy Park', 'ok', []],
    ['condo in the Chinatown-International District', 'ok', []],
    ['must have a family room', 'ok', []],
    ['55+ community near the lake', 'ok', []],
    ['white cabinets and black countertops', 'ok', []],
    ['near the Korean community center', 'ok', []],
    ['best rated schools and a short commute', 'ok', []],
    ['is it a safe area for women walking at night?', 'ok', []],
    ["a men's shed in the garden", 'ok', []],
    ['sharia-compliant financing, do you know any lenders?', 'ok', []],
  ])('%s → %s', (text, verdict, classes) => {
    const s = screenFairHousing(text);
    expect(s.verdict).toBe(verdict);
    expect(s.classes).toEqual(classes);
    if (verdict !== 'steering') expect(s.spans).toEqual([]);
  });

  it('a place value is read as describing its people', () => {
    expect(screenFairHousing('Predominantly White', { describesPlace: true }).verdict).toBe('steering');
    expect(screenFairHousing('Jewish', { describesPlace: true }).verdict).toBe('steering');
    expect(screenFairHousing('White Center', { describesPlace: true }).verdict).toBe('ok');
    expect(screenFairHousing('Seattle', { describesPlace: true }).verdict).toBe('ok');
  });

  it('blanks the steering words and keeps the rest where it was', () => {
    const text = '3 bed in Bellevue, away from Muslim families, up to $1.2M';
    const s = screenFairHousing(text);
    const masked = withoutSteering(text, s);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/muslim|famil/i);
    expect(masked).toContain('3 bed in Bellevue');
    expect(masked).toContain('up to $1.2M');
  });

  it('ignores empty text', () => {
    expect(screenFairHousing('   ').verdict).toBe('ok');
  });
});
