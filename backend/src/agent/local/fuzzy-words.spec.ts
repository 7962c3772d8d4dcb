import { correctWord, damerauLevenshtein } from './fuzzy-words';

describe('damerauLevenshtein', () => {
  it.each<[string, string, number]>([
    ['bedroom', 'bedroom', 0],
    ['bedrom', 'bedroom', 1],
    ['bedorom', 'bedroom', 1],
    ['apartmnet', 'apartment', 1],
    ['aprtmnet', 'apartment', 2],
    ['condo', 'candy', 2],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
  });

  it('gives up past the allowed distance', () => {
    expect(damerauLevenshtein('mortgage', 'apartment', 2)).toBe(3);
  });
});

describe('correctWord', () => {
  it.each<[string, string]>([
    ['bedroms', 'bedrooms'],
    ['bathrooom', 'bathroom'],
    ['apartmnet', 'apartment'],
    ['townhosue', 'townhouse'],
    ['furnishd', 'furnished'],
    ['aproved', 'approved'],
    ['buyng', 'buying'],
    ['mortage', 'mortgage'],
    ['garagge', 'garage'],
    ['budjet', 'budget'],
    ['tomorow', 'tomorrow'],
    ['saturady', 'saturday'],
  ])('%s → %s', (typo, word) => {
    expect(correctWord(typo)).toBe(word);
  });

  it.each(['horse', 'least', 'please', 'leave', 'layer', 'barking', 'department', 'improved', 'dental', 'contractor', 'bed', 'ballard', 'bedroom'])(
    'leaves %s alone',
    (word) => {
      expect(correctWord(word)).toBeNull();
    },
  );
});
