import { checkHeader, guessDelimiter } from './csv-sniff';
import { readDate, readNumber } from './csv-values';

describe('reading spreadsheet cells', () => {
  it.each([
    ['45292', '2024-01-01T00:00:00.000Z'],
    ['45292.5', '2024-01-01T12:00:00.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['3/5/2024', '2024-03-05T00:00:00.000Z'],
    ['05.03.2024', '2024-03-05T00:00:00.000Z'],
    ['Mar 5, 2024', '2024-03-05T00:00:00.000Z'],
  ])('date %s', (text, iso) => expect(readDate(text)?.toISOString()).toBe(iso));

  it('refuses what is not a date', () => {
    expect(readDate('soon')).toBeNull();
    expect(readDate('13/45/2024')).toBeNull();
    expect(readDate('12')).toBeNull();
  });

  it('reads numbers with a dot or a comma', () => {
    expect(readNumber('2,5')).toBe(2.5);
    expect(readNumber(' 3 ')).toBe(3);
    expect(readNumber('three')).toBeNull();
  });

  it.each([
    ['Name,Email,Phone\nA,a@x.com,1\n', ','],
    ['Name;Email;Budget\nA;a@x.com;1,5\nB;b@x.com;2,5\n', ';'],
    ['Name\tEmail\tNotes\nA\ta@x.com\t"x, y; z"\n', '\t'],
    ['Name;Notes\n"A";"line one\nline two; still notes"\n"B";"c"\n', ';'],
  ])('guesses the separator of %j', (text, d) => expect(guessDelimiter(text)).toBe(d));

  it('knows a header from a first row of values', () => {
    expect(() => checkHeader(['Jane Doe', 'jane@example.com', '+1 206 555 0101'])).toThrow(/values, not column names/);
    expect(() => checkHeader(['Name', 'Email', 'Name'])).toThrow(/twice/);
    expect(() => checkHeader(['Name', ''])).toThrow(/no name/);
    expect(() => checkHeader(['Name', 'E-mail', 'Phone'])).not.toThrow();
  });
});
