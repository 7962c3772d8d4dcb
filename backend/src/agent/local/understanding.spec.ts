import { UnitType } from '../../inventory/unit.enums';
import { Financing, Purpose, Timeline } from '../../leads/lead.enums';
import { AskableField, Fact, UnderstandContext, Understanding, understand } from './understanding';

/** Wednesday 25 November 2026, 10:00 in Seattle. */
const NOW = new Date('2026-11-25T18:00:00Z');
const KNOWN_PLACES = new Set(['seattle', 'ballard', 'fremont', 'capitol hill', 'queen anne', 'bellevue', '98103', 'bath', 'green lake']);

function read(text: string, lastAsked: AskableField | null = null, ctx: Partial<UnderstandContext> = {}): Understanding {
  return understand(text, { now: NOW, timezone: 'America/Los_Angeles', knownPlaces: KNOWN_PLACES, lastAsked, ...ctx });
}

/** What a user of the agent would notice: every fact's value, budgets without their confidence, and the intents. */
function values(u: Understanding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, fact] of Object.entries(u)) {
    // Questions about a home have their own cases below; here, facts and the other intents.
    if (key === 'intents' || key === 'asks') continue;
    const value = (fact as Fact<unknown>).value;
    if (key === 'budget') {
      const { min, max, currency, period } = value as { min: number | null; max: number | null; currency: string; period: string };
      out.budget = { min, max, currency, period };
    } else out[key] = value;
  }
  const intents = Object.fromEntries(Object.entries(u.intents).filter(([k]) => k !== 'question'));
  if (Object.keys(intents).length) out.intents = intents;
  return out;
}

const usd = (min: number | null, max: number | null, period = 'total') => ({ min, max, currency: 'USD', period });

type Row = [text: string, expected: Record<string, unknown>];
type AskedRow = [text: string, asked: AskableField, expected: Record<string, unknown>];

describe('understand', () => {
  describe('reads whole messages, every fact and nothing more', () => {
    it.each<Row>([
      [
        "I'm looking for a 3 bdrm condo in ballard under 750k",
        { bedrooms: 3, propertyTypes: [UnitType.Condo], locations: ['Ballard'], budget: usd(null, 750_000) },
      ],
      [
        "Hi, I'm Dana! Looking to rent a 2br apartment near Capitol Hill, around $2,500/month. I have a cat.",
        {
          name: 'Dana',
          purpose: Purpose.Rent,
          bedrooms: 2,
          propertyTypes: [UnitType.Apartment],
          locations: ['Capitol Hill'],
          budget: usd(2250, 2750, 'month'),
          pets: true,
          intents: { greeting: true },
        },
      ],
      [
        'looking for a townhosue with 3 bedroms and 2.5 bathrooom, pre-aproved for 900k',
        { propertyTypes: [UnitType.Townhouse], bedrooms: 3, bathrooms: 2.5, financing: Financing.PreApproved, purpose: Purpose.Buy, budget: usd(900_000, 900_000) },
      ],
      [
        '3bed/2bath house, budget 1.2m, moving in 3 months',
        { bedrooms: 3, bathrooms: 2, propertyTypes: [UnitType.House], budget: usd(1_200_000, 1_200_000), timeline: Timeline.Within3Months },
      ],
      [
        'We are a family of 4 with 2 kids looking for a 4 bedroom house in Bellevue',
        { bedrooms: 4, propertyTypes: [UnitType.House], locations: ['Bellevue'] },
      ],
      [
        'Looking to buy a house, my lease ends in March',
        { purpose: Purpose.Buy, propertyTypes: [UnitType.House], timeline: Timeline.Within6Months },
      ],
      ['need a 2 bdrm, budget 3k/mo', { bedrooms: 2, budget: usd(3000, 3000, 'month'), purpose: Purpose.Rent }],
      ['house in 98115 under 900k', { propertyTypes: [UnitType.House], locations: ['98115'], budget: usd(null, 900_000) }],
      ['no pets, unfurnished, need parking and in-unit laundry', { pets: false, furnished: false, mustHaves: ['parking', 'in-unit laundry'] }],
      ['furnished apartment downtown, 1 bed', { furnished: true, propertyTypes: [UnitType.Apartment], locations: ['Downtown'], bedrooms: 1 }],
      ['studio in seattle, max 1800 a month', { bedrooms: 0, locations: ['Seattle'], budget: usd(null, 1800, 'month'), purpose: Purpose.Rent }],
      [
        'my name is Dana Smith, email dana.smith@gmail.com, phone (206) 555-0123',
        { name: 'Dana Smith', email: 'dana.smith@gmail.com', phone: '+12065550123' },
      ],
      [
        'single family home with a big yard and a 2 car garage, cash buyer',
        { propertyTypes: [UnitType.House], mustHaves: ['yard', 'garage'], financing: Financing.Cash, purpose: Purpose.Buy },
      ],
      [
        'i want to buy a 3 bed 2 bath in fremont or wallingford asap, we have 2 dogs 🐶',
        { purpose: Purpose.Buy, bedrooms: 3, bathrooms: 2, locations: ['Fremont', 'Wallingford'], timeline: Timeline.Asap, pets: true },
      ],
      [
        'RENTING A 2 BED IN SEATTLE, NO PETS',
        { purpose: Purpose.Rent, bedrooms: 2, locations: ['Seattle'], pets: false },
      ],
      [
        'condo or townhouse near green lake with a balcony and good schools, around 1.1m',
        {
          propertyTypes: [UnitType.Condo, UnitType.Townhouse],
          locations: ['Green Lake'],
          mustHaves: ['balcony', 'good schools'],
          budget: usd(990_000, 1_210_000),
        },
      ],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('purpose', () => {
    it.each<Row>([
      ['we want to buy', { purpose: Purpose.Buy }],
      ['Interested in purchasing a home', { purpose: Purpose.Buy }],
      ['first time buyer here', { purpose: Purpose.Buy }],
      ['buyng a condo', { purpose: Purpose.Buy, propertyTypes: [UnitType.Condo] }],
      ['looking for a rental', { purpose: Purpose.Rent }],
      ['need a 12 month lease', { purpose: Purpose.Rent }],
      ['want to own a home someday', { purpose: Purpose.Buy, timeline: Timeline.Later }],
      ['I will need a mortgage', { purpose: Purpose.Buy, financing: Financing.MortgageNeeded }],
      ["I'm renting right now but want to buy a condo", { purpose: Purpose.Buy, propertyTypes: [UnitType.Condo] }],
      ['my current rent is 2500, want to buy', { purpose: Purpose.Buy }],
      ['buy or rent, not sure yet', {}],
      ['apartment for 2000 a month', { propertyTypes: [UnitType.Apartment], budget: usd(2000, 2000, 'month'), purpose: Purpose.Rent }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('budget (via normalizeBudget)', () => {
    it.each<Row>([
      ['$1.2M budget', { budget: usd(1_200_000, 1_200_000) }],
      ['budget between 600 and 750k', { budget: usd(600_000, 750_000) }],
      ['under 1 million dollars', { budget: usd(null, 1_000_000) }],
      ['I can afford up to 5000 per month', { budget: usd(null, 5000, 'month'), purpose: Purpose.Rent }],
      ['can spend 800-850k', { budget: usd(800_000, 850_000) }],
      ['looking for a 2br under $3000', { bedrooms: 2, budget: usd(null, 3000) }],
      ['at least 500k, up to 700k', { budget: usd(500_000, 700_000) }],
      ['€450.000 max', { budget: { min: null, max: 450_000, currency: 'EUR', period: 'total' } }],
      ['my budget is 750000', { budget: usd(750_000, 750_000) }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });

    it('uses the brokerage currency when the lead names none', () => {
      expect(read('around 900k', null, { defaultCurrency: 'CAD' }).budget?.value).toMatchObject({ currency: 'CAD', min: 810_000, max: 990_000 });
    });

    it('quotes the amount with its qualifier', () => {
      expect(read('3 bed condo in ballard under 750k please').budget?.quote).toBe('under 750k');
    });
  });

  describe('bedrooms and bathrooms', () => {
    it.each<Row>([
      ['three bedrooms', { bedrooms: 3 }],
      ['3br', { bedrooms: 3 }],
      ['3bd', { bedrooms: 3 }],
      ['3 bdrm', { bedrooms: 3 }],
      ['3-bedroom', { bedrooms: 3 }],
      ['2-3 bedrooms', { bedrooms: 2 }],
      ['3 or 4 beds', { bedrooms: 3 }],
      ['at least 3 bedrooms', { bedrooms: 3 }],
      ['a couple of bedrooms', { bedrooms: 2 }],
      ['one bedroom apartment', { bedrooms: 1, propertyTypes: [UnitType.Apartment] }],
      ['a studio', { bedrooms: 0 }],
      ['studio apartment', { bedrooms: 0, propertyTypes: [UnitType.Apartment] }],
      ['bedrooms: 4', { bedrooms: 4 }],
      ['2ba', { bathrooms: 2 }],
      ['1.5 baths', { bathrooms: 1.5 }],
      ['two and a half baths', { bathrooms: 2.5 }],
      ['2 1/2 bathrooms', { bathrooms: 2.5 }],
      ['single bath is fine', { bathrooms: 1 }],
      ['3b2b', { bedrooms: 3, bathrooms: 2 }],
      ['3bd 2ba condo', { bedrooms: 3, bathrooms: 2, propertyTypes: [UnitType.Condo] }],
      ['3 br / 2 ba', { bedrooms: 3, bathrooms: 2 }],
      ['3x2 bed bath', { bedrooms: 3, bathrooms: 2 }],
      ['4 bedrooms 3 baths 2500 sq ft', { bedrooms: 4, bathrooms: 3 }],
      ['a 3 bedrom with 2 bathrooms', { bedrooms: 3, bathrooms: 2 }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });

    it('quotes the whole range', () => {
      expect(read('2-3 bedrooms please').bedrooms).toMatchObject({ value: 2, quote: '2-3 bedrooms' });
    });
  });

  describe('property types', () => {
    it.each<Row>([
      ['a single-family house', { propertyTypes: [UnitType.House] }],
      ['detached home', { propertyTypes: [UnitType.House] }],
      ['townhome or row house', { propertyTypes: [UnitType.Townhouse] }],
      ['a condominium', { propertyTypes: [UnitType.Condo] }],
      ['2 bed flat', { bedrooms: 2, propertyTypes: [UnitType.Apartment] }],
      ['an apartmnet', { propertyTypes: [UnitType.Apartment] }],
      ['looking for land to build', { propertyTypes: [UnitType.Land] }],
      ['a vacant lot', { propertyTypes: [UnitType.Land] }],
      ['not a condo, a townhouse or house', { propertyTypes: [UnitType.Townhouse, UnitType.House] }],
      ['anything but a condo', {}],
      ['going to an open house on sunday', { visit: { date: '2026-11-29', time: null } }],
      ['thanks a lot!', {}],
      ['a lot of light would be nice', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('locations', () => {
    it.each<Row>([
      ['somewhere near green lake', { locations: ['Green Lake'] }],
      ['interested in a 2 bed in the Queen Anne area', { bedrooms: 2, locations: ['Queen Anne'] }],
      ['looking at condos in west seattle or capitol hill', { propertyTypes: [UnitType.Condo], locations: ['West Seattle', 'Capitol Hill'] }],
      ['ballard, fremont or wallingford', { locations: ['Ballard', 'Fremont', 'Wallingford'] }],
      ['We are moving to Portland in August', { locations: ['Portland'], timeline: Timeline.Within12Months }],
      ['relocating to austin', { locations: ['Austin'] }],
      ['Looking in Seattle, WA', { locations: ['Seattle'] }],
      ['in 98103 or 98107', { locations: ['98103', '98107'] }],
      ['2 bath in Bath', { bathrooms: 2, locations: ['Bath'] }],
      ['not downtown, maybe Ballard', { locations: ['Ballard'] }],
      // A known place misspelt by a letter is read as the known place; unknown places stay as written.
      ['a condo in Bellvue', { propertyTypes: [UnitType.Condo], locations: ['Bellevue'] }],
      ['somewhere in queen ane', { locations: ['Queen Anne'] }],
      ['near capitol hil please', { locations: ['Capitol Hill'] }],
      ['moving to Boise', { locations: ['Boise'] }],
      // Place names in any script keep their letters.
      ['an apartment in Gràcia', { propertyTypes: [UnitType.Apartment], locations: ['Gràcia'] }],
      ['moving to Zürich', { locations: ['Zürich'] }],
      ['moving from Chicago to Seattle', { locations: ['Seattle'] }],
      ['I work at Amazon, want to be near South Lake Union', { locations: ['South Lake Union'] }],
      ['close to downtown and the light rail', { locations: ['Downtown'], mustHaves: ['near transit'] }],
      ['near parks and good schools', { mustHaves: ['near a park', 'good schools'] }],
      ['in a quiet area', { mustHaves: ['quiet'] }],
      ['can we see it at 4521 Fremont Ave N?', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('timeline', () => {
    it.each<Row>([
      ['need to move asap', { timeline: Timeline.Asap }],
      ['in a couple of weeks', { timeline: Timeline.Asap }],
      ['Lease ends in 2 months, need a 2 bed', { bedrooms: 2, timeline: Timeline.Within3Months }],
      ['hoping to buy in about 5 months', { purpose: Purpose.Buy, timeline: Timeline.Within6Months }],
      ['within a year', { timeline: Timeline.Within12Months }],
      ['no rush, just browsing', { timeline: Timeline.Later }],
      ['in 2 years', { timeline: Timeline.Later }],
      ["we're moving on Dec 3rd", { timeline: Timeline.Asap }],
      ['we are relocating to austin in the spring', { locations: ['Austin'], timeline: Timeline.Within6Months }],
      ["I've been looking for 6 months", {}],
      ['6 month lease', { purpose: Purpose.Rent }],
      ['I have 3 months of savings', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('financing', () => {
    it.each<Row>([
      ["I'm pre-approved for 650k", { financing: Financing.PreApproved, purpose: Purpose.Buy, budget: usd(650_000, 650_000) }],
      ['we are preapproved', { financing: Financing.PreApproved, purpose: Purpose.Buy }],
      ['Not pre-approved yet', { financing: Financing.MortgageNeeded, purpose: Purpose.Buy }],
      ['we are paying cash', { financing: Financing.Cash }],
      ['all cash offer', { financing: Financing.Cash, purpose: Purpose.Buy }],
      ['will need an FHA loan', { financing: Financing.MortgageNeeded }],
      ['cash flow matters to me', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('pets, furniture and must-haves', () => {
    it.each<Row>([
      ['I have a dog', { pets: true }],
      ['2 cats', { pets: true }],
      ['Do you have anything pet friendly?', { pets: true }],
      ['no dogs but one cat', { pets: true }],
      ["I don't have any pets", { pets: false }],
      ['pet-free household', { pets: false }],
      ["I'm allergic to cats", {}],
      ['fully furnished please', { furnished: true }],
      ['furnishd', { furnished: true }],
      ['no furniture needed', { furnished: false }],
      ['I have my own furniture', { furnished: false }],
      ['furnished or unfurnished, doesn’t matter', {}],
      ['pool, gym and elevator please', { mustHaves: ['pool', 'gym', 'elevator'] }],
      ['water views, fireplace, near transit', { mustHaves: ['view', 'fireplace', 'near transit'] }],
      ['quiet street, walkable', { mustHaves: ['quiet', 'walkable'] }],
      ['close to the park, parking for two cars', { mustHaves: ['near a park', 'parking'] }],
      ['parks nearby would be nice', { mustHaves: ['near a park'] }],
      ['new construction with AC', { mustHaves: ['new construction', 'air conditioning'] }],
      ['need a home office, I work from home', { mustHaves: ['home office'] }],
      ['basement and balcony', { mustHaves: ['basement', 'balcony'] }],
      ['washer/dryer in unit and a garage', { mustHaves: ['in-unit laundry', 'garage'] }],
      ['waterfront with a garden', { mustHaves: ['waterfront', 'garden'] }],
      ["don't need a garage, but parking is a must", { mustHaves: ['parking'] }],
      ['pool not needed', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('visits', () => {
    it.each<Row>([
      ['Can I see it Saturday at 11?', { visit: { date: '2026-11-28', time: '11:00' } }],
      ['How about next tuesday afternoon?', { visit: { date: '2026-12-01', time: '14:00' } }],
      ['Dec 3rd at 3:30pm works', { visit: { date: '2026-12-03', time: '15:30' } }],
      ['12/3 at noon works for me', { visit: { date: '2026-12-03', time: '12:00' }, intents: { affirm: true } }],
      ["I'll stop by tomorrow at 2", { visit: { date: '2026-11-26', time: '14:00' } }],
      ['can I come by tomorrow?', { visit: { date: '2026-11-26', time: null } }],
      ['tomorrow at 10am?', { visit: { date: '2026-11-26', time: '10:00' } }],
      ['Is Friday at 6 ok for a viewing?', { visit: { date: '2026-11-27', time: '18:00' } }],
      ['Saturday morning works', { visit: { date: '2026-11-28', time: '10:00' } }],
      ['I want to see it this weekend', { visit: { date: '2026-11-28', time: null } }],
      ["I'll be free on the 12th", { visit: { date: '2026-12-12', time: null } }],
      ['can we tour it today at 15:30', { visit: { date: '2026-11-25', time: '15:30' } }],
      ['could we view it next friday evening', { visit: { date: '2026-12-04', time: '18:00' } }],
      ['a showing on January 5 would be great', { visit: { date: '2027-01-05', time: null } }],
      ['call me at 3pm', { callback: { date: null, time: '15:00' }, intents: { human: true } }],
      ['we need to move in by March', { timeline: Timeline.Within6Months }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });

    it('resolves days in the lead’s time zone', () => {
      // 18:00 UTC on Wednesday is already Thursday in Auckland.
      expect(read('can I see it tomorrow?', null, { timezone: 'Pacific/Auckland' }).visit?.value.date).toBe('2026-11-27');
    });
  });

  describe('contact details and names', () => {
    it.each<Row>([
      ['reach me at Dana.Smith@Example.com', { email: 'dana.smith@example.com' }],
      ['my number is 2065550123', { phone: '+12065550123' }],
      ['call me on 425 555 0199', { phone: '+14255550199', callback: { date: null, time: null }, intents: { human: true } }],
      ['This is Raj from Zillow', { name: 'Raj' }],
      ['Raj here, want to see the condo', { name: 'Raj', propertyTypes: [UnitType.Condo] }],
      ["it's Priya", { name: 'Priya' }],
      ["i'm dana, looking for a condo", { name: 'Dana', propertyTypes: [UnitType.Condo] }],
      ["I'm looking for a 2 bedroom", { bedrooms: 2 }],
      ["I'm 35", {}],
      ["I'm interested", {}],
      ["I'm non-stop busy, can we chat later?", {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });

    it('reads national numbers in the country of the lead’s time zone', () => {
      expect(read('my mobile is 020 7946 0018', null, { timezone: 'Europe/London' }).phone?.value).toBe('+442079460018');
    });
  });

  describe('intents', () => {
    it.each<Row>([
      ['STOP', { intents: { optOut: true } }],
      ['stop texting me', { intents: { optOut: true } }],
      ['Unsubscribe', { intents: { optOut: true } }],
      ['remove me from your list', { intents: { optOut: true } }],
      ['do not contact me again', { intents: { optOut: true } }],
      ['bus stop nearby', { mustHaves: ['near transit'] }],
      ['wrong number', { intents: { wrongNumber: true } }],
      ['Who is this? I never asked for this', { intents: { wrongNumber: true } }],
      ['close to my church', {}],
      ['I have no kids', {}],
      ['is this legal?', { intents: { legal: true } }],
      ['can my landlord evict me for that?', { intents: { legal: true } }],
      ['what are the tax implications?', { intents: { legal: true } }],
      ["what's your commission?", { intents: { commission: true } }],
      ['how much do you charge?', { intents: { commission: true } }],
      ['can I talk to a real person', { intents: { human: true } }],
      ['have an agent call me', { callback: { date: null, time: null }, intents: { human: true } }],
      ['yes', { intents: { affirm: true } }],
      ['sure, sounds good', { intents: { affirm: true } }],
      ['yep 👍', { intents: { affirm: true } }],
      ['no', { intents: { deny: true } }],
      ['nope', { intents: { deny: true } }],
      ['Not interested', { intents: { deny: true } }],
      ['not now, thanks', { intents: { deny: true } }],
      ['no problem', { intents: { affirm: true } }],
      ['the second one', { intents: { choice: 2 } }],
      ['option 2', { intents: { choice: 2 } }],
      ['#3', { intents: { choice: 3 } }],
      ['I like number 1', { intents: { choice: 1 } }],
      ['the first one looks great', { intents: { choice: 1 } }],
      ['hi there', { intents: { greeting: true } }],
      ['Good morning!', { intents: { greeting: true } }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('short answers read as the answer to what was asked', () => {
    it.each<AskedRow>([
      ['3', 'bedrooms', { bedrooms: 3 }],
      ['three', 'bedrooms', { bedrooms: 3 }],
      ['2 or 3', 'bedrooms', { bedrooms: 2 }],
      ['2', 'bathrooms', { bathrooms: 2 }],
      ['1.5', 'bathrooms', { bathrooms: 1.5 }],
      ['yeah', 'pets', { pets: true, intents: { affirm: true } }],
      ['nope', 'pets', { pets: false, intents: { deny: true } }],
      ['yes please', 'furnished', { furnished: true, intents: { affirm: true } }],
      ['Ballard or Fremont', 'locations', { locations: ['Ballard', 'Fremont'] }],
      ['probably wallingford', 'locations', { locations: ['Wallingford'] }],
      ['1.2m', 'budget', { budget: usd(1_200_000, 1_200_000) }],
      ['4500', 'budget', { budget: usd(4500, 4500) }],
      ['cash', 'financing', { financing: Financing.Cash }],
      ['not sure', 'financing', { financing: Financing.Unknown }],
      ['3 months', 'timeline', { timeline: Timeline.Within3Months }],
      ['how about 3?', 'visit', { visit: { date: null, time: '15:00' } }],
      ['sat at 2', 'visit', { visit: { date: '2026-11-28', time: '14:00' } }],
      ['the 5th in the morning', 'visit', { visit: { date: '2026-12-05', time: '10:00' } }],
      ['dana smith', 'name', { name: 'Dana Smith' }],
      ['to buy', 'purpose', { purpose: Purpose.Buy }],
    ])('%s (asked %s)', (text, asked, expected) => {
      expect(values(read(text, asked))).toEqual(expected);
    });

    it.each<[string, AskableField]>([
      ['3', 'budget'],
      ['yeah', 'bedrooms'],
      ['ballard', 'bedrooms'],
    ])('does not read %s as anything but the answer to %s', (text, asked) => {
      const u = read(text, asked);
      expect(u.bedrooms).toBeUndefined();
      expect(u.budget).toBeUndefined();
    });
  });

  describe('does not read what is not there', () => {
    it.each<Row>([
      ['I have 2 kids', {}],
      ['my kid is 5', {}],
      ['I am 42 years old', {}],
      ['3 months', { timeline: Timeline.Within3Months }],
      ['The house at 4521 Main St looks nice', { propertyTypes: [UnitType.House] }],
      ['built in 1995', {}],
      ['the listing 12345678', {}],
      ['MLS# 2345678', {}],
      ['we make 200k a year', {}],
      ['down payment of 100k', { purpose: Purpose.Buy }],
      ['I need to sell my house first', {}],
      ['in the area', {}],
      ['by Friday', {}],
      ['I will be in town next week', {}],
      ['2 car garage', { mustHaves: ['garage'] }],
      ['5 people in the family', {}],
      ['please don’t call me before 9am', {}],
      ['', {}],
      ['🙂', {}],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  describe('more phrasing', () => {
    it.each<Row>([
      [
        "Hey! We're a young couple looking for our first home. Ideally a 2-bed townhouse in Fremont, budget around 650k. We're pre-approved.",
        {
          bedrooms: 2,
          propertyTypes: [UnitType.Townhouse],
          locations: ['Fremont'],
          budget: usd(585_000, 715_000),
          financing: Financing.PreApproved,
          purpose: Purpose.Buy,
          intents: { greeting: true },
        },
      ],
      [
        'Looking for 4bdrm 3ba house with a pool in Bellevue, up to 2.5 million, cash.',
        {
          bedrooms: 4,
          bathrooms: 3,
          propertyTypes: [UnitType.House],
          mustHaves: ['pool'],
          locations: ['Bellevue'],
          budget: usd(null, 2_500_000),
          financing: Financing.Cash,
        },
      ],
      [
        'we need a 3 bed close to good schools, max 4k a month, 2 kids and a cat',
        { bedrooms: 3, mustHaves: ['good schools'], budget: usd(null, 4000, 'month'), purpose: Purpose.Rent, pets: true },
      ],
      [
        'Can I get a 2 bd / 1 ba? Would prefer west seattle. Need in-unit w/d and parking',
        { bedrooms: 2, bathrooms: 1, locations: ['West Seattle'], mustHaves: ['in-unit laundry', 'parking'] },
      ],
      [
        'Im looking 2 rent a flat in london for about £2,000 pcm',
        { purpose: Purpose.Rent, propertyTypes: [UnitType.Apartment], locations: ['London'], budget: { min: 1800, max: 2200, currency: 'GBP', period: 'month' } },
      ],
      ['looking for a villa in dubai, budget AED 5 million', { propertyTypes: [UnitType.House], locations: ['Dubai'], budget: { min: 5_000_000, max: 5_000_000, currency: 'AED', period: 'total' } }],
      ['Searching for a flat in Bangalore under 1.5 crore', { propertyTypes: [UnitType.Apartment], locations: ['Bangalore'], budget: { min: null, max: 15_000_000, currency: 'INR', period: 'total' } }],
      ['Need 2 bedrooms. Budget 500-600k. Timeline: 3-6 months.', { bedrooms: 2, budget: usd(500_000, 600_000), timeline: Timeline.Within6Months }],
      ['We sold our house and have 400k for a down payment, looking around 1m', { purpose: Purpose.Buy, budget: usd(900_000, 1_100_000) }],
      ['Do you have 2 bedroom apartments for rent in Fremont for 2200?', { bedrooms: 2, propertyTypes: [UnitType.Apartment], locations: ['Fremont'], purpose: Purpose.Rent, budget: usd(2200, 2200) }],
      ['lookin 4 a 2bd apt in ballard 1800/mo max', { bedrooms: 2, propertyTypes: [UnitType.Apartment], locations: ['Ballard'], budget: usd(null, 1800, 'month'), purpose: Purpose.Rent }],
      ['We r looking to buy a home in 6-9 months', { purpose: Purpose.Buy, timeline: Timeline.Within12Months }],
      ['downtown seattle condo', { propertyTypes: [UnitType.Condo], locations: ['Downtown Seattle'] }],
      ['my address is 1234 Elm Street, Seattle', { locations: ['Seattle'] }],
      ['looking to invest in a rental property', { purpose: Purpose.Buy }],
      ['I want to rent out my condo', { propertyTypes: [UnitType.Condo] }],
      ["I'm not pre-approved but I can get a loan", { financing: Financing.MortgageNeeded, purpose: Purpose.Buy }],
      ['Need something by next month', { timeline: Timeline.Within3Months }],
      ['Let’s say Monday the 7th at 10', { visit: { date: '2026-12-07', time: '10:00' } }],
      ['I can come over on 12/15 at 11am', { visit: { date: '2026-12-15', time: '11:00' } }],
      ['We could do a tour on the 3rd of December', { visit: { date: '2026-12-03', time: null } }],
      ['how about Sunday at 1', { visit: { date: '2026-11-29', time: '13:00' } }],
      ['Hi I am Tom, I want a condo', { name: 'Tom', propertyTypes: [UnitType.Condo], intents: { greeting: true } }],
      ["I'm Jose Garcia", { name: 'Jose Garcia' }],
      ["Hello, my name's maria", { name: 'Maria', intents: { greeting: true } }],
      ['text me at +44 20 7946 0018', { phone: '+442079460018' }],
      ['my email is john.doe+homes@yahoo.com', { email: 'john.doe+homes@yahoo.com' }],
      ['please stop', { intents: { optOut: true } }],
      ["I don't want to hear from you again", { intents: { optOut: true } }],
      ['Stop by anytime', {}],
      ['How did you get my number?', { intents: { wrongNumber: true } }],
      ["I'm single, no kids, no pets", { pets: false }],
      ['close to my mosque please', {}],
      ['wheelchair accessible please, I use a wheelchair', {}],
      ['Can you help me with my lease agreement clause?', { intents: { legal: true } }],
      ['who pays the realtor fee?', { intents: { commission: true } }],
      ['what are the property taxes?', {}],
      ['Can someone call me?', { callback: { date: null, time: null }, intents: { human: true } }],
      ['can someone call me tomorrow at 10am? my number is 253-555-0118', { callback: { date: '2026-11-26', time: '10:00' }, phone: '+12535550118', intents: { human: true } }],
      ['maybe later', { intents: { deny: true } }],
      ['Option B please', { intents: { choice: 2 } }],
      ['second one please', { intents: { choice: 2 } }],
      ['first, tell me about parking', { mustHaves: ['parking'] }],
    ])('%s', (text, expected) => {
      expect(values(read(text))).toEqual(expected);
    });
  });

  it('quotes the lead’s own words', () => {
    const u = read('Looking for a 3 bedroms townhosue near Capitol Hill, budget $900k');
    expect(u.bedrooms?.quote).toBe('3 bedroms');
    expect(u.propertyTypes?.quote).toBe('townhosue');
    expect(u.locations?.quote).toBe('Capitol Hill');
    expect(u.budget?.quote).toBe('$900k');
  });

  it('gives confidences between 0 and 1', () => {
    const u = read("Hi I'm Dana, 3 bed condo in ballard under 750k, pre-approved, 2 cats, can I see it Saturday at 2?");
    for (const [key, fact] of Object.entries(u)) {
      if (key === 'intents') continue;
      const { confidence } = fact as Fact<unknown>;
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('reads a long message in time proportional to its length (no runaway patterns)', () => {
    // Not a speed target (that is `npm run bench:agent`): a pattern that backtracks makes an 8× longer
    // message cost 64× (quadratic) or far more; linear reading costs about 8×. Medians of interleaved
    // runs, so a busy machine slows both sizes alike.
    const sentence = "Hi I'm Dana, looking to buy a 3 bedroom 2 bath house in ballard or fremont under 900k, pre-approved, 2 cats, need parking. ";
    const of = (n: number) => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);
    const [short, long] = [of(2000), of(16000)];
    read(short);
    read(long);
    const time = (text: string, i: number) => {
      const started = performance.now();
      read(text + String(i));
      return performance.now() - started;
    };
    const shortRuns: number[] = [];
    const longRuns: number[] = [];
    for (let i = 0; i < 9; i++) {
      shortRuns.push(time(short, i));
      longRuns.push(time(long, i));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(longRuns) / Math.max(median(shortRuns), 0.05)).toBeLessThan(32);
  });
});

describe('questions about a home are not needs (issue 19)', () => {
  const asked = (text: string) => {
    const { asks, ...u } = read(text);
    return { facts: values({ ...u, intents: {} }), asks: asks ? { topics: asks.topics, features: asks.features } : null };
  };
  it.each<[string, Record<string, unknown>, { topics: string[]; features: string[] } | null]>([
    ['Is it furnished?', {}, { topics: ['furnished'], features: [] }],
    ['Are pets allowed?', {}, { topics: ['pets'], features: [] }],
    ['does the first one have a garage?', {}, { topics: ['feature'], features: ['garage'] }],
    ['Garage?', {}, { topics: ['feature'], features: ['garage'] }],
    ['3 bed in Ballard please, is it pet friendly?', { bedrooms: 3, locations: ['Ballard'] }, { topics: ['pets'], features: [] }],
    ['We have a cat. Does the building allow cats?', { pets: true }, { topics: ['pets'], features: [] }],
    ['What is the address?', {}, { topics: ['address'], features: [] }],
    // Asking for homes with a feature is a search: the feature is a wish.
    ['Do you have any 2 bedroom apartments with parking in Ballard?', { bedrooms: 2, propertyTypes: [UnitType.Apartment], mustHaves: ['parking'], locations: ['Ballard'] }, null],
    ['it must allow pets, and unfurnished please', { pets: true, furnished: false }, null],
    ["Hi I'm Dana, 3 bed condo in ballard under 750k, can I see it Saturday at 2?", { name: 'Dana', bedrooms: 3, propertyTypes: [UnitType.Condo], locations: ['Ballard'], budget: usd(null, 750_000), visit: { date: '2026-11-28', time: '14:00' } }, null],
    ['were a family of four with a cat looking to buy a house in Fremont', { purpose: Purpose.Buy, pets: true, propertyTypes: [UnitType.House], locations: ['Fremont'] }, null],
  ])('%s', (text, facts, asks) => {
    const got = asked(text);
    expect(got.facts).toEqual(facts);
    expect(got.asks).toEqual(asks);
  });
});

describe('sellers and relative dates (issue 19)', () => {
  /** Friday 4 December 2026, 13:00 in Seattle. */
  const DECEMBER = new Date('2026-12-04T21:00:00Z');
  it.each<[string, Record<string, unknown>]>([
    ['I want to sell my 3 bedroom house in Ballard', { purpose: Purpose.Sell, bedrooms: 3, propertyTypes: [UnitType.House], locations: ['Ballard'] }],
    ['thinking of selling our condo in Fremont next summer', { purpose: Purpose.Sell, propertyTypes: [UnitType.Condo], locations: ['Fremont'], timeline: Timeline.Within12Months }],
    ['selling my house and buying a bigger one in Bellevue', { purpose: Purpose.Buy, locations: ['Bellevue'] }],
    // Said in December: spring is about April (3–6 months), not "1-3 months"; early spring is March.
    ['we want to move in spring', { timeline: Timeline.Within6Months }],
    ['we want to move in early spring', { timeline: Timeline.Within3Months }],
    ['hoping to move this summer', { timeline: Timeline.Within12Months }],
    ['need to move next month', { timeline: Timeline.Within3Months }],
  ])('%s', (text, expected) => {
    expect(values(understand(text, { now: DECEMBER, timezone: 'America/Los_Angeles', knownPlaces: KNOWN_PLACES }))).toEqual(expected);
  });

  it('reads a month against today in the lead\'s own zone', () => {
    // 1 March 03:00 UTC is still 28 February in Seattle but already March in Berlin.
    const edge = new Date('2027-03-01T03:00:00Z');
    expect(understand('moving in March', { now: edge, timezone: 'America/Los_Angeles' }).timeline?.value).toBe(Timeline.Within3Months);
    expect(understand('moving in March', { now: edge, timezone: 'Europe/Berlin' }).timeline?.value).toBe(Timeline.Asap);
  });
});

describe('short answers read against the last question (issue 19)', () => {
  it.each<[string, AskableField, Record<string, unknown>]>([
    ['Kirkland', 'locations', { locations: ['Kirkland'] }],
    ["I'd prefer Renton", 'locations', { locations: ['Renton'] }],
    ['just one', 'bedrooms', { bedrooms: 1 }],
    ['two', 'bedrooms', { bedrooms: 2 }],
    ['3000', 'budget', { budget: usd(3000, 3000) }],
    ['asap', 'timeline', { timeline: Timeline.Asap }],
    ['yes, two cats', 'pets', { pets: true, intents: { affirm: true } }],
    ['nope', 'pets', { pets: false, intents: { deny: true } }],
  ])('%s (after asking %s)', (text, asked, expected) => {
    expect(values(read(text, asked))).toEqual(expected);
  });
});

describe('questions in other words (issue 19)', () => {
  it.each<[string, Record<string, unknown>, string[] | null]>([
    ['Does parking come with it?', {}, ['feature']],
    ['Is parking included?', {}, ['feature']],
    ["I'd like to know if the unit is furnished", {}, ['furnished']],
    ['wondering whether pets are ok there', {}, ['pets']],
    ['What about pets?', {}, ['pets']],
    ['We have a dog - is that ok?', { pets: true }, null],
    ['Is looking at condos in Ballard possible too', { propertyTypes: [UnitType.Condo], locations: ['Ballard'] }, null],
    ['What about Bellevue?', { locations: ['Bellevue'] }, null],
  ])('%s', (text, facts, topics) => {
    const { asks, ...u } = read(text);
    expect(values({ ...u, intents: {} })).toEqual(facts);
    expect(asks?.topics ?? null).toEqual(topics);
  });
});

/** Written from issue 19's list of phenomena (corrections, present homes, non-US phrasing, typos), not from any test set. */
describe('the lead\'s words in other phrasings (issue 19, development round 3)', () => {
  const gbp = (min: number | null, max: number | null, period = 'total') => ({ min, max, currency: 'GBP', period });
  it.each<Row>([
    ['change of plans - not Tacoma, Everett', { locations: ['Everett'] }],
    ['actually Queen Anne rather than Capitol Hill', { locations: ['Queen Anne'] }],
    ["I'm renting in Renton right now and want to rent in Tukwila", { purpose: Purpose.Rent, locations: ['Tukwila'] }],
    ['I currently rent a 1 bed in Fremont but want to buy a 2 bedroom condo in Ballard', { purpose: Purpose.Buy, bedrooms: 2, propertyTypes: [UnitType.Condo], locations: ['Ballard'] }],
    ['looking to buy a 3 bed house in Dublin 6', { purpose: Purpose.Buy, bedrooms: 3, propertyTypes: [UnitType.House], locations: ['Dublin 6'] }],
    ["I'm interested in buying a villa on Palm Jumeirah", { purpose: Purpose.Buy, propertyTypes: [UnitType.House], locations: ['Palm Jumeirah'] }],
    ['I saw it on Zillow', {}],
    ['rent a studio in first hill', { purpose: Purpose.Rent, bedrooms: 0, locations: ['First Hill'] }],
    ['a mortgage agreed in principle', { financing: Financing.PreApproved, purpose: Purpose.Buy }],
    ['lookng for a too bedroom condo', { bedrooms: 2, propertyTypes: [UnitType.Condo] }],
    ['i hav a cat', { pets: true }],
    ['must have a washing machine', { mustHaves: ['in-unit laundry'] }],
    ['gotta have washer dryer in unit', { mustHaves: ['in-unit laundry'] }],
    ['near the overground please', { mustHaves: ['near transit'] }],
    ["a garden would be nice but it isn't essential", {}],
    ['a garage would be nice but a yard is a must', { mustHaves: ['yard'] }],
    ['parking is not essential', {}],
    ['for a 6 month work assignment, starting asap', { timeline: Timeline.Asap }],
    ['we need to move in a fortnight', { timeline: Timeline.Asap }],
    ['moving in the new year', { timeline: Timeline.Within3Months }],
    ['by Easter', { timeline: Timeline.Within6Months }],
  ])('%s', (text, expected) => {
    expect(values(read(text))).toEqual(expected);
  });

  it('reads an unwritten currency from the time zone only away from the brokerage\'s places', () => {
    expect(values(read('2 bed flat in Hackney, about 2 grand a month', null, { timezone: 'Europe/London' }))).toMatchObject({ budget: gbp(1800, 2200, 'month') });
    expect(values(read('2 bed flat in Ballard, about 2 grand a month', null, { timezone: 'Europe/London' }))).toMatchObject({ budget: usd(1800, 2200, 'month') });
    expect(values(read('1200pcm max', null, { timezone: 'Europe/London' }))).toMatchObject({ budget: gbp(null, 1200, 'month') });
  });

  it('does not take "dose the 2nd one have a garage?" as a need', () => {
    const u = read('dose the 2nd one have a garage?');
    expect(u.mustHaves).toBeUndefined();
    expect(u.asks?.features).toEqual(['garage']);
  });
});

describe('pets, present homes and British home words (issue 19, development round 3)', () => {
  it.each<Row>([
    ['we have no pets', { pets: false }],
    ["haven't got any pets", { pets: false }],
    ['we had a dog but he passed away last year', {}],
    ['we currently have a garden but need a garage', { mustHaves: ['garage'] }],
    ["we're looking with a view to buying", { purpose: Purpose.Buy }],
    ['a 3 bed semi', { bedrooms: 3, propertyTypes: [UnitType.House] }],
    ['a 3 bed terrace', { bedrooms: 3, propertyTypes: [UnitType.Townhouse] }],
    ['a maisonette', { propertyTypes: [UnitType.Apartment] }],
    ['a flat with a roof terrace', { propertyTypes: [UnitType.Apartment], mustHaves: ['balcony'] }],
    ['looking at buy-to-let flats in Liverpool', { purpose: Purpose.Buy, propertyTypes: [UnitType.Apartment], locations: ['Liverpool'] }],
    ['a room in a flatshare, bills included', { purpose: Purpose.Rent }],
  ])('%s', (text, expected) => {
    expect(values(read(text))).toEqual(expected);
  });

  it.each<AskedRow>([
    ['just the one', 'bedrooms', { bedrooms: 1 }],
    ['2 will do', 'bedrooms', { bedrooms: 2 }],
  ])('%s (after asking %s)', (text, asked, expected) => {
    expect(values(read(text, asked))).toEqual(expected);
  });

  it('"Any chance the second one takes dogs?" asks about pets', () => {
    const u = read('Any chance the second one takes dogs?');
    expect(u.pets).toBeUndefined();
    expect(u.asks?.topics).toEqual(['pets']);
  });
});

describe('understand: development round 4 of issue 19', () => {
  it.each<[string, Record<string, unknown>]>([
    ['oh nice, the first one has a pool', {}],
    ['love that the second one has a big garden', {}],
    ['#2 comes with a garage, great', {}],
  ])('a remark about a home shown (%s) is neither a need nor a pick', (text, expected) => {
    const u = read(text, 'visit');
    expect(values(u)).toEqual(expected);
    expect(u.intents.choice).toBeUndefined();
  });

  it('a pick that names a feature still picks, and the feature stays the listing’s', () => {
    const u = read('the second one with the pool please', 'visit');
    expect(u.intents.choice).toBe(2);
    expect(u.mustHaves).toBeUndefined();
  });

  it('"it has to be cat friendly" is a need, not a remark', () => {
    expect(read('we have two cats, so it has to be cat friendly').pets?.value).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no wait, 650k is our limit', usd(null, 650_000)],
    ['our limit is 650k', usd(null, 650_000)],
    ['700k is the most we can spend', usd(null, 700_000)],
  ])('a ceiling said after or before the amount (%s)', (text, budget) => {
    expect(values(read(text)).budget).toEqual(budget);
  });

  it.each<[string, AskableField, Purpose | null, Record<string, unknown> | undefined]>([
    ['up to 650', 'budget', Purpose.Buy, usd(null, 650_000)],
    ['650', 'budget', Purpose.Buy, usd(650_000, 650_000)],
    ['1.2', 'budget', Purpose.Buy, usd(1_200_000, 1_200_000)],
    ['up to 650', 'visit', Purpose.Buy, usd(null, 650_000)],
    // A plain number not asked for, a renter's, or a small count is not a purchase budget.
    ['650', 'visit', Purpose.Buy, undefined],
    ['up to 650', 'budget', Purpose.Rent, undefined],
    ['up to 3', 'visit', Purpose.Buy, undefined],
  ])('a bare amount (%s, asked %s) of a %s lead', (text, asked, purpose, budget) => {
    const u = read(text, asked, { profilePurpose: purpose });
    expect(values(u).budget).toEqual(budget);
    if (budget) expect(u.budgetWords).toMatch(/\d(?:k|m)\b/);
  });

  it('"the end of next year" said in November is more than a year off', () => {
    expect(read('not until the end of next year').timeline?.value).toBe(Timeline.Later);
    expect(read('we want to move next year').timeline?.value).toBe(Timeline.Within12Months);
  });
});
