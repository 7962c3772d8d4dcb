import { keywordCandidates, replyText } from './reply-text';

describe('replyText (what the lead wrote, without the quoted thread)', () => {
  it.each([
    ['Gmail', 'Yes, Saturday works.\n\nOn Fri, Dec 4, 2026 at 9:12 AM Lena Lister <lena@openhouse.local> wrote:\n> Would you like to see it?\n> Lena'],
    ['Gmail, wrapped marker', 'Yes, Saturday works.\n\nOn Fri, Dec 4, 2026 at 9:12 AM Lena Lister via Openhouse <\nno-reply@openhouse.local> wrote:\n> Would you like to see it?'],
    ['Outlook', 'Yes, Saturday works.\r\n\r\n-----Original Message-----\r\nFrom: Lena\r\nWould you like to see it?'],
    ['Outlook header block', 'Yes, Saturday works.\n________________________________\nFrom: Lena Lister\nSent: Friday\nWould you like to see it?'],
    ['quoted lines only', 'Yes, Saturday works.\n> Would you like to see it?'],
  ])('%s: keeps the reply only', (_name, text) => {
    expect(replyText(text)).toBe('Yes, Saturday works.');
  });

  it('keeps a "From:" line that is part of what they wrote, and everything when it is all quote', () => {
    expect(replyText('From: the listing I saw on Zillow\nIs it still for sale?')).toBe('From: the listing I saw on Zillow\nIs it still for sale?');
    expect(replyText('> only a quote')).toBe('> only a quote');
  });

  it('offers the first line and the subject without Re: as keyword candidates', () => {
    expect(keywordCandidates('STOP\n\nthanks', 'Re: The Ballard condo')).toEqual(['STOP', 'The Ballard condo']);
    expect(keywordCandidates('', 'RE: Fwd: unsubscribe')).toEqual(['unsubscribe']);
  });
});
