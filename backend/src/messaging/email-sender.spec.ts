import { SendError } from './channel-sender';
import { parseMailbox, smtpError } from './email-sender';

describe('SMTP failures: which are retried', () => {
  it.each([
    ['a refused connection (server down)', { code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525' }, true],
    ['no answer in time', { code: 'ETIMEDOUT', message: 'Greeting never received' }, true],
    ['421 service not available', { code: 'EENVELOPE', responseCode: 421, response: '421 Too many connections' }, true],
    ['450 mailbox busy (greylisting)', { code: 'EENVELOPE', responseCode: 450, response: '450 Try again later' }, true],
    ['550 no such mailbox', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 User unknown' }, false],
    ['554 content refused', { code: 'EMESSAGE', responseCode: 554, response: '554 Message rejected' }, false],
    ['a wrong login (retried until SMTP_URL is fixed)', { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, true],
  ])('%s', (_what, error, retry) => {
    const e = smtpError(error);
    expect(e).toBeInstanceOf(SendError);
    expect(e.retry).toBe(retry);
    expect(e.inDoubt).toBe(false);
    expect(e.title.length).toBeGreaterThan(0);
  });

  it('reads MAIL_FROM with or without a name', () => {
    expect(parseMailbox('Openhouse Realty <hello@openhouse.example>')).toEqual({ name: 'Openhouse Realty', address: 'hello@openhouse.example' });
    expect(parseMailbox('"Openhouse, Seattle" <hello@openhouse.example>')).toEqual({ name: 'Openhouse, Seattle', address: 'hello@openhouse.example' });
    expect(parseMailbox('hello@openhouse.example')).toEqual({ name: null, address: 'hello@openhouse.example' });
  });
});
