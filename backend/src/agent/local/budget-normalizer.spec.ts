import { BudgetPeriod, normalizeBudget } from './budget-normalizer';

type Row = [text: string, min: number | null, max: number | null, currency: string, period: BudgetPeriod];

describe('normalizeBudget', () => {
  describe('reads what leads type', () => {
    it.each<Row>([
      // Magnitudes and plain amounts
      ['1.2M', 1_200_000, 1_200_000, 'USD', 'total'],
      ['800k', 800_000, 800_000, 'USD', 'total'],
      ['800K', 800_000, 800_000, 'USD', 'total'],
      ['800 k', 800_000, 800_000, 'USD', 'total'],
      ['$800,000', 800_000, 800_000, 'USD', 'total'],
      ['Budget: $1,200,000.', 1_200_000, 1_200_000, 'USD', 'total'],
      ['800000', 800_000, 800_000, 'USD', 'total'],
      ['1.5 mil', 1_500_000, 1_500_000, 'USD', 'total'],
      ['1.2MM', 1_200_000, 1_200_000, 'USD', 'total'],
      ['1.2 mn', 1_200_000, 1_200_000, 'USD', 'total'],
      ['250 grand', 250_000, 250_000, 'USD', 'total'],
      ['800 thousand dollars', 800_000, 800_000, 'USD', 'total'],
      ['$1.2 million dollars', 1_200_000, 1_200_000, 'USD', 'total'],
      ['USD1.2M', 1_200_000, 1_200_000, 'USD', 'total'],
      ['1.5 million usd', 1_500_000, 1_500_000, 'USD', 'total'],
      ['cash buyer, 1.1m approved', 1_100_000, 1_100_000, 'USD', 'total'],
      // Periods
      ['$3,500/month', 3500, 3500, 'USD', 'month'],
      ['3500 a month', 3500, 3500, 'USD', 'month'],
      ['3500 per month', 3500, 3500, 'USD', 'month'],
      ['3000/mo', 3000, 3000, 'USD', 'month'],
      ['$4k a month', 4000, 4000, 'USD', 'month'],
      ['$5000 p/m', 5000, 5000, 'USD', 'month'],
      ['£2,500 pcm', 2500, 2500, 'GBP', 'month'],
      ['monthly budget 3500', 3500, 3500, 'USD', 'month'],
      ['900 a month', 900, 900, 'USD', 'month'],
      ['$2.5k per week', 2500, 2500, 'USD', 'week'],
      ['£450 pw', 450, 450, 'GBP', 'week'],
      ['$40k/yr', 40_000, 40_000, 'USD', 'year'],
      ['120k per annum', 120_000, 120_000, 'USD', 'year'],
      ['60k annually', 60_000, 60_000, 'USD', 'year'],
      // Ranges, with the bare end inheriting the magnitude
      ['between 600 and 750k', 600_000, 750_000, 'USD', 'total'],
      ['600-750k', 600_000, 750_000, 'USD', 'total'],
      ['600 – 750 k', 600_000, 750_000, 'USD', 'total'],
      ['600k to 750k', 600_000, 750_000, 'USD', 'total'],
      ['$600k-$750k', 600_000, 750_000, 'USD', 'total'],
      ['between $600k and $750k', 600_000, 750_000, 'USD', 'total'],
      ['from 400k to 500k', 400_000, 500_000, 'USD', 'total'],
      ['800-1.2m', 800_000, 1_200_000, 'USD', 'total'],
      ['1.2-1.5 million', 1_200_000, 1_500_000, 'USD', 'total'],
      ['between 1 and 1.5m', 1_000_000, 1_500_000, 'USD', 'total'],
      ['AED 2-3 million', 2_000_000, 3_000_000, 'AED', 'total'],
      ['2-3 million dirhams', 2_000_000, 3_000_000, 'AED', 'total'],
      ['$3,000 - 3,500/month', 3000, 3500, 'USD', 'month'],
      ['Budget is 3 to 4 thousand monthly', 3000, 4000, 'USD', 'month'],
      ['3 bedroom, 2 bath, pool, budget 1.1m-1.3m', 1_100_000, 1_300_000, 'USD', 'total'],
      ['between 750k and 600k', 600_000, 750_000, 'USD', 'total'],
      // Maximum only
      ['up to 900k', null, 900_000, 'USD', 'total'],
      ['under 1m', null, 1_000_000, 'USD', 'total'],
      ['max 850,000', null, 850_000, 'USD', 'total'],
      ['850k max', null, 850_000, 'USD', 'total'],
      ['no more than 900k', null, 900_000, 'USD', 'total'],
      ['not over 900k', null, 900_000, 'USD', 'total'],
      ['up to AED 2m', null, 2_000_000, 'AED', 'total'],
      ['Looking for 2-3 bedroom under $750k', null, 750_000, 'USD', 'total'],
      ['under 1m, ideally 800k', null, 1_000_000, 'USD', 'total'],
      ['ideally under $900,000 but could go to 950k', null, 950_000, 'USD', 'total'],
      // Minimum only
      ['at least 500k', 500_000, null, 'USD', 'total'],
      ['from 400k', 400_000, null, 'USD', 'total'],
      ['over 2 million', 2_000_000, null, 'USD', 'total'],
      ['500k+', 500_000, null, 'USD', 'total'],
      ['1.5m or more', 1_500_000, null, 'USD', 'total'],
      // Several amounts
      ['at least 500k, up to 700k', 500_000, 700_000, 'USD', 'total'],
      ['I can do 800k, maybe stretch to 850k', 800_000, 850_000, 'USD', 'total'],
      // Approximate: ±10 %
      ['around 700k', 630_000, 770_000, 'USD', 'total'],
      ['about $1.1m', 990_000, 1_210_000, 'USD', 'total'],
      ['~700k', 630_000, 770_000, 'USD', 'total'],
      ['800k-ish', 720_000, 880_000, 'USD', 'total'],
      ['by 2026, around 900k', 810_000, 990_000, 'USD', 'total'],
      // Currencies and number formats
      ['AED 2 million', 2_000_000, 2_000_000, 'AED', 'total'],
      ['2,000,000 dirhams', 2_000_000, 2_000_000, 'AED', 'total'],
      ['€450.000', 450_000, 450_000, 'EUR', 'total'],
      ['€ 1.500.000', 1_500_000, 1_500_000, 'EUR', 'total'],
      ['1.250.000,00 EUR', 1_250_000, 1_250_000, 'EUR', 'total'],
      ['1 200 000 €', 1_200_000, 1_200_000, 'EUR', 'total'],
      ['1,2 Mio €', 1_200_000, 1_200_000, 'EUR', 'total'],
      ['budget in euros: 450k', 450_000, 450_000, 'EUR', 'total'],
      ['£1.5m', 1_500_000, 1_500_000, 'GBP', 'total'],
      ['£1.5 million pounds', 1_500_000, 1_500_000, 'GBP', 'total'],
      ['C$900k', 900_000, 900_000, 'CAD', 'total'],
      ['CAD 1.1m', 1_100_000, 1_100_000, 'CAD', 'total'],
      ['A$1.2m', 1_200_000, 1_200_000, 'AUD', 'total'],
      ['US$ 2m', 2_000_000, 2_000_000, 'USD', 'total'],
      // Indian units and grouping
      ['5 lakh', 500_000, 500_000, 'INR', 'total'],
      ['1.2 crore', 12_000_000, 12_000_000, 'INR', 'total'],
      ['₹75 lakh', 7_500_000, 7_500_000, 'INR', 'total'],
      ['rs. 50 lakh', 5_000_000, 5_000_000, 'INR', 'total'],
      ['50,00,000 rupees', 5_000_000, 5_000_000, 'INR', 'total'],
      ['5-10 lakh', 500_000, 1_000_000, 'INR', 'total'],
      ['50 lakh - 1 crore', 5_000_000, 10_000_000, 'INR', 'total'],
      // Number words
      ['two million', 2_000_000, 2_000_000, 'USD', 'total'],
      ['nine hundred thousand', 900_000, 900_000, 'USD', 'total'],
      ['half a million', 500_000, 500_000, 'USD', 'total'],
      ['half a mil', 500_000, 500_000, 'USD', 'total'],
      ['two and a half million', 2_500_000, 2_500_000, 'USD', 'total'],
      ['a million and a half', 1_500_000, 1_500_000, 'USD', 'total'],
      ['one point five million', 1_500_000, 1_500_000, 'USD', 'total'],
      ['six hundred and fifty thousand', 650_000, 650_000, 'USD', 'total'],
      ['between six hundred and seven hundred fifty thousand', 600_000, 750_000, 'USD', 'total'],
      ['twenty-five hundred a month', 2500, 2500, 'USD', 'month'],
      ['five hundred k', 500_000, 500_000, 'USD', 'total'],
      // Amounts among things that are not money
      ['3 bed 2 bath under 900k', null, 900_000, 'USD', 'total'],
      ['3br under 2m', null, 2_000_000, 'USD', 'total'],
      ['5 min walk to the beach, 2m budget', 2_000_000, 2_000_000, 'USD', 'total'],
      ['MLS 1234567, under 900k', null, 900_000, 'USD', 'total'],
      ['2 million AED or $545k', 2_000_000, 2_000_000, 'AED', 'total'],
      ['$3,500/month or buy under 800k', 3500, 3500, 'USD', 'month'],
    ])('%j → %p–%p %s per %s', (text, min, max, currency, period) => {
      expect(normalizeBudget(text)).toEqual({ min, max, currency, period, confidence: expect.any(Number) });
    });
  });

  describe('finds no budget', () => {
    it.each<[string]>([
      ['no idea yet'],
      ['soon'],
      ['asap'],
      ['flexible, depends on the place'],
      [''],
      ['   '],
      ['3 bedrooms'],
      ['three bedrooms'],
      ['3 bed 2 bath'],
      ['2 kids and a dog'],
      ['2000 sq ft'],
      ['moving in 2027'],
      ['12/05/2026'],
      ['2026-11-26'],
      ['call me at 3pm'],
      ['10:30 am works'],
      ['call me on +1 (555) 123-4567'],
      ['555-123-4567'],
      ['10% down'],
      ['2nd floor please'],
      ['between 400 and 500'],
      ['$'],
      ['k'],
      ['$0'],
      ['99999999999999999999 dollars'],
      ['9'.repeat(5000)],
    ])('%j', (text) => {
      expect(normalizeBudget(text)).toBeNull();
    });
  });

  describe('currency', () => {
    it('uses the default currency when the text names none', () => {
      expect(normalizeBudget('800k', { defaultCurrency: 'EUR' })?.currency).toBe('EUR');
      expect(normalizeBudget('800k', { defaultCurrency: 'aed' })?.currency).toBe('AED');
    });

    it('falls back to USD when the default is not a currency code', () => {
      expect(normalizeBudget('800k', { defaultCurrency: 'euros' })?.currency).toBe('USD');
    });

    it('prefers a currency written in the text over the default', () => {
      expect(normalizeBudget('£800k', { defaultCurrency: 'CAD' })?.currency).toBe('GBP');
      expect(normalizeBudget('US$800k', { defaultCurrency: 'CAD' })?.currency).toBe('USD');
      expect(normalizeBudget('5 lakh', { defaultCurrency: 'AED' })?.currency).toBe('INR');
    });

    it('reads a bare dollar as the default when the default is a dollar', () => {
      expect(normalizeBudget('$800k', { defaultCurrency: 'CAD' })?.currency).toBe('CAD');
      expect(normalizeBudget('800 dollars a week', { defaultCurrency: 'AUD' })?.currency).toBe('AUD');
      expect(normalizeBudget('$800k', { defaultCurrency: 'EUR' })?.currency).toBe('USD');
    });
  });

  describe('confidence', () => {
    const confidence = (text: string) => normalizeBudget(text)?.confidence ?? Number.NaN;

    it.each<[string, string]>([
      ['$800,000', '800k'], // a named currency beats the default
      ['800k', 'around 800k'], // exact beats approximate
      ['$800k', 'about $800k'],
      ['800k', '800000'], // a magnitude beats a bare number
      ['850,000', '850000'], // thousands separators look like money
      ['$600k-$750k', '600-750k'], // named currency, no inherited magnitude
      ['800k', 'I can do 800k, maybe stretch to 850k'], // one amount beats merged amounts
    ])('is higher for %j than for %j', (surer, lessSure) => {
      expect(confidence(surer)).toBeGreaterThan(confidence(lessSure));
    });

    it.each<[string]>([['$800,000'], ['around 700k'], ['800000'], ['monthly budget 3500'], ['I can do 800k, maybe stretch to 850k']])(
      'is between 0 and 1 for %j',
      (text) => {
        const c = confidence(text);
        expect(c).toBeGreaterThan(0);
        expect(c).toBeLessThanOrEqual(1);
      },
    );
  });

  it('returns whole currency units', () => {
    const r = normalizeBudget('about $1.1m');
    expect(Number.isInteger(r?.min)).toBe(true);
    expect(Number.isInteger(r?.max)).toBe(true);
    expect(normalizeBudget('$3,499.60/month')).toMatchObject({ min: 3500, max: 3500 });
  });
});
