import { FAIR_HOUSING_DECLINE, FairHousingVerdict, screenFairHousing, withoutSteering } from './fair-housing';

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
    // Spelling tricks, counting, superlatives, coded words, other languages.
    ['somewhere w h i t e please, 2 bed condo', 'steering', ['race']],
    ['a neighbourhood that is mostly jewsih', 'steering', ['religion']],
    ['a caucasion neighbourhood', 'steering', ['race']],
    ['which zip has the lowest share of Black residents', 'steering', ['race']],
    ['what percent of Tukwila is white?', 'steering', ['race']],
    ['which condo buildings have the fewest children?', 'steering', ['familial status']],
    ['we want to avoid areas with a lot of mosques', 'steering', ['religion']],
    ['homes away from the projects please', 'steering', ['source of income']],
    ['a quiet street with the right kind of neighbours', 'steering', ['race']],
    ['comunidad latina en Burien', 'steering', ['race']],
    ['quartier sans immigrés', 'steering', ['national origin']],
    ['show me homes in Asian-majority neighborhoods', 'steering', ['race']],
    // A loan tied to a group.
    ['Are there loans for families with kids?', 'lending_group', ['familial status']],
    ['Do non-citizens get worse interest rates?', 'lending_group', ['national origin']],
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
    ['homes around Jewish Family Service in Seattle?', 'ok', []],
    ['no church bells please, a quiet street', 'ok', []],
    ['how many Korean restaurants are nearby?', 'ok', []],
    ['show me homes in White Center', 'ok', []],
    ['what percent down do I need?', 'ok', []],
    ['the back yard must be fenced, I lack time to mow', 'ok', []],
  ])('%s → %s', (text, verdict, classes) => {
    const s = screenFairHousing(text);
    expect(s.verdict).toBe(verdict);
    expect(s.classes).toEqual(classes);
    if (verdict !== 'steering') expect(s.spans).toEqual([]);
  });

  describe('the default: a group word in a message about places is steering unless an exemption applies', () => {
    it.each<[string, string[]]>([
      // No selection frame at all: the group word itself, in a message about homes or places.
      ['Is Capitol Hill or Ballard whiter?', ['race']],
      ['honestly we would feel more comfortable somewhere that is not so diverse', ['race']],
      ['the vibe in Rainier Valley, who lives there ethnically?', ['race']],
      ['which Seattle neighbourhoods are changing, demographically?', ['race']],
      ['we want a good neighbourhood, not the kind with those people', ['race']],
      ['looking for a place where we would fit in culturally', ['national origin']],
      ['which parts of Seattle are multicultural?', ['race']],
      ['neighbours from India, Redmond or Sammamish', ['national origin']],
      ['is Issaquah Highlands overrun by strollers?', ['familial status']],
      ['no housing-assistance tenants next door', ['source of income']],
      ['somewhere without a bunch of hijabis', ['religion']],
      // A self-description followed by a wish about the neighbours.
      ['We are Jewish and want to live in an area with other Jewish families', ['religion']],
      ['I want to live somewhere where people share my Catholic faith', ['religion']],
      ['I would like a house where the neighbours go to church', ['religion']],
      // Schools chosen by who attends them.
      ['house near good schools, and by good I mean not many ESL kids', ['national origin']],
      ['best schools for white kids', ['race']],
      ['Which area is safest for Asians?', ['race']],
    ])('%s → steering', (text, classes) => {
      const s = screenFairHousing(text);
      expect(s.verdict).toBe('steering');
      expect(s.classes).toEqual(classes);
    });

    it('masks the whole sentence it declines by default, place and all, and keeps the other sentences', () => {
      const text = 'Is Capitol Hill or Ballard whiter? Budget 500k.';
      const masked = withoutSteering(text, screenFairHousing(text));
      expect(masked).not.toMatch(/Capitol|Ballard|whiter/);
      expect(masked).toContain('Budget 500k.');
    });

    it.each<[string, string]>([
      // (a) the lead's own household, with no wish about the neighbours
      ['self', "We're a Somali family of six looking for a 4 bedroom in SeaTac"],
      ['self', 'my wife uses a wheelchair so we need a single-level home'],
      ['self', 'Home with a guest suite for my mom who uses a wheelchair'],
      ['self', 'We have three kids and need a big backyard in Covington'],
      ['self', "We're a family of five, Chinese speaking grandparents live with us"],
      ['self', 'We are a gay couple relocating, 2 bed condo near the light rail'],
      ['self', 'We need an elevator building, my father is disabled'],
      ['home', 'I am a Muslim woman, are there condos with a women-only gym?'],
      ['home', 'What are the best middle schools in Issaquah for gifted kids?'],
      ['home', 'Which neighborhoods are safest for kids to walk to school?'],
      // (b) a feature of the home
      ['home', 'white kitchen, black hardware, 3 bed in Ballard'],
      ['home', 'wheelchair accessible building in Seattle'],
      ['home', 'a fenced yard for the kids and a family room'],
      ['home', 'a diverse range of homes under 700k'],
      // (c) a named place, an organisation or amenity as a destination
      ['place', 'Homes in Black Diamond with acreage'],
      ['place', 'Do you have homes near the Korean church on Aurora? we attend there'],
      ['place', 'Need a place near the Jewish day school in Seattle for our kids'],
      ['place', 'Close to a mosque in Kent would be nice, we pray on Friday'],
      ['place', 'people from our church recommended Bothell'],
      // the agent's language
      ['language', 'Do you have an agent who speaks Vietnamese? looking at condos'],
      // (d) housing for older persons, asked for by a lead who qualifies
      ['55+', "I'm 58 and my wife is 60, show us 55+ condos in Bellevue"],
    ])('exempt (%s): %s', (_why, text) => {
      expect(screenFairHousing(text).verdict).toBe('ok');
    });

    it('(e) a loan question keeps its own verdict', () => {
      expect(screenFairHousing('Would my Hispanic last name hurt my mortgage application?').verdict).toBe('lending_group');
      expect(screenFairHousing('Immigrant here with a green card, can I buy a house? Not a loan question').verdict).toBe('ok');
    });

    it("passes the assistant's own words", () => {
      expect(screenFairHousing(FAIR_HOUSING_DECLINE).verdict).toBe('ok');
      expect(screenFairHousing('Here are 3 homes in Kent with a family room and a fenced yard for the kids.').verdict).toBe('ok');
      expect(screenFairHousing('I have noted that your family needs 4 bedrooms near good schools.').verdict).toBe('ok');
    });
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

  it('maps the blanked words back to the text as written (spelling tricks undone only for reading)', () => {
    const text = '3 bed in Kent, no b l a c k neighbours, budget 600k';
    const masked = withoutSteering(text, screenFairHousing(text));
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/b l a c k|neighbours/);
    expect(masked).toContain('3 bed in Kent');
    expect(masked).toContain('budget 600k');
  });

  it('ignores empty text', () => {
    expect(screenFairHousing('   ').verdict).toBe('ok');
  });
});
