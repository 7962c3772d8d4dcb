import { MappedText } from './mapped-text';
import { ordinalValue, spellNumbersAsDigits } from './number-words';

describe('spellNumbersAsDigits', () => {
  it.each<[string, string]>([
    ['three bedrooms', '3 bedrooms'],
    ['twenty-one days', '21 days'],
    ['two and a half baths', '2.5 baths'],
    ['2 and a half baths', '2.5 baths'],
    ['2 1/2 baths', '2.5 baths'],
    ['2½ baths', '2.5 baths'],
    ['a couple of bedrooms', '2 bedrooms'],
    ["we're a couple", "we're a couple"],
    ['no one else', 'no one else'],
    ['someone', 'someone'],
  ])('%s → %s', (text, expected) => {
    expect(spellNumbersAsDigits(MappedText.of(text)).text).toBe(expected);
  });

  it('quotes the words the digits replaced', () => {
    const digits = spellNumbersAsDigits(MappedText.of('I need Two and a half baths'));
    const at = digits.text.indexOf('2.5');
    expect(digits.quote(at, at + '2.5 baths'.length)).toBe('Two and a half baths');
  });
});

describe('ordinalValue', () => {
  it.each<[string, number | null]>([
    ['third', 3],
    ['3rd', 3],
    ['twenty-first', 21],
    ['last', null],
  ])('%s → %s', (word, value) => {
    expect(ordinalValue(word)).toBe(value);
  });
});
