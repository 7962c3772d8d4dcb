import { redactPii, safeUrl, scrubString } from './pii';

describe('scrubString', () => {
  it.each<[string, string]>([
    ['lead jane.doe+zillow@example.com replied', 'lead [email] replied'],
    ['From: "Jane" <JANE@Example.CO.UK>', 'From: "Jane" <[email]>'],
    ['call +1 (555) 123-4567 after 5', 'call [phone] after 5'],
    ['call 555-123-4567', 'call [phone]'],
    ['call 555.123.4567 now', 'call [phone] now'],
    ['uk +44 20 7946 0958', 'uk [phone]'],
    ['whatsapp:+971501234567', 'whatsapp:[phone]'],
    ['sms 5551234567', 'sms [phone]'],
    ['on 2026-11-26 call 555 123 4567', 'on 2026-11-26 call [phone]'],
    ['jane@example.com or 555-123-4567', '[email] or [phone]'],
    ['a@b.io, b@c.io', '[email], [email]'],
  ])('scrubs %j', (input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });

  it.each<[string]>([
    ['lead 42 moved to stage viewing'],
    ['price 221900 for unit 7'],
    ['listed at $1,250,000'],
    ['sla due 2026-11-26T07:51:24Z'],
    ['created 2026-11-26T07:51:24.123Z'],
    ['range 2026-11-26 to 2026-12-01'],
    ['at 2026-11-26 14:30'],
    ['lead 123e4567-e89b-12d3-a456-426614174000 scored'],
    ['lead 12345678-1234-4abc-8def-123456789012 scored'],
    ['GET /api/leads/00000000-0000-4000-8000-000000000001'],
    ['took 1234 ms, 3 bedrooms, score 87'],
    ['listening on 127.0.0.1:35791'],
    ['request from 10.20.30.40 refused'],
  ])('leaves %j alone', (input) => {
    expect(scrubString(input)).toBe(input);
  });
});

describe('redactPii', () => {
  it('masks sensitive keys whatever their case and scrubs other strings', () => {
    expect(
      redactPii({
        Email: 'jane@example.com',
        PHONE: '555-123-4567',
        name: 'Jane Doe',
        authorization: 'Bearer abc',
        q: 'jane',
        leadId: 'l-1',
        note: 'reach me at jane@example.com',
        stage: 'new',
      }),
    ).toEqual({
      Email: '[redacted]',
      PHONE: '[redacted]',
      name: '[redacted]',
      authorization: '[redacted]',
      q: '[redacted]',
      leadId: 'l-1',
      note: 'reach me at [email]',
      stage: 'new',
    });
  });

  it('keeps numbers, booleans, null and undefined under sensitive keys', () => {
    expect(redactPii({ phone: 5551234, token: true, email: null, name: undefined, message: { text: 'x' } })).toEqual({
      phone: 5551234,
      token: true,
      email: null,
      name: undefined,
      message: '[redacted]',
    });
  });

  it('walks nested arrays and objects', () => {
    expect(
      redactPii({
        leads: [
          { id: 1, contact: { email: 'a@b.com', city: 'Austin' } },
          { id: 2, tags: ['vip', 'call 555-123-4567'] },
        ],
      }),
    ).toEqual({
      leads: [
        { id: 1, contact: { email: '[redacted]', city: 'Austin' } },
        { id: 2, tags: ['vip', 'call [phone]'] },
      ],
    });
  });

  it('scrubs plain strings and leaves other primitives alone', () => {
    expect(redactPii('mail jane@example.com')).toBe('mail [email]');
    expect(redactPii(221900)).toBe(221900);
    expect(redactPii(false)).toBe(false);
    expect(redactPii(null)).toBeNull();
  });

  it('walks objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { email: 'jane@example.com', page: 2 });
    expect(redactPii(bare)).toEqual({ email: '[redacted]', page: 2 });
  });

  it('returns class instances untouched, by reference', () => {
    class Request {
      email = 'jane@example.com';
    }
    const req = new Request();
    const date = new Date('2026-11-26T07:51:24Z');
    const out = redactPii({ req, at: date }) as { req: Request; at: Date };
    expect(out.req).toBe(req);
    expect(out.req.email).toBe('jane@example.com');
    expect(out.at).toBe(date);
  });

  it('reduces an Error to its type, message and stack, scrubbed', () => {
    const err = new TypeError('no lead for jane@example.com / 555-123-4567');
    const out = redactPii(err) as { type: string; message: string; stack: string };
    expect(Object.keys(out).sort()).toEqual(['message', 'stack', 'type']);
    expect(out.type).toBe('TypeError');
    expect(out.message).toBe('no lead for [email] / [phone]');
    expect(out.stack).toContain('TypeError: no lead for [email] / [phone]');
    expect(out.stack).not.toContain('jane@example.com');
  });

  it('reduces Errors found inside objects too', () => {
    const out = redactPii({ err: new Error('boom for a@b.com') }) as { err: { message: string } };
    expect(out.err.message).toBe('boom for [email]');
  });

  it('stops descending past eight levels', () => {
    let deep: Record<string, unknown> = { email: 'jane@example.com' };
    for (let i = 0; i < 12; i++) deep = { child: deep };
    let out = redactPii(deep) as Record<string, unknown>;
    let levels = 0;
    while (typeof out.child === 'object') {
      out = out.child as Record<string, unknown>;
      levels++;
    }
    expect(out.child).toBe('[deep]');
    expect(levels).toBe(8);
    expect(JSON.stringify(redactPii(deep))).not.toContain('jane@example.com');
  });
});

describe('safeUrl', () => {
  it.each<[string | undefined, string]>([
    ['/api/leads?q=jane%40example.com&page=2', '/api/leads?q=*&page=*'],
    ['/api/leads?q=555-123-4567&stage=new&stage=contacted', '/api/leads?q=*&stage=*'],
    ['/api/leads?', '/api/leads'],
    ['/api/leads', '/api/leads'],
    ['/api/leads/123e4567-e89b-12d3-a456-426614174000/timeline', '/api/leads/123e4567-e89b-12d3-a456-426614174000/timeline'],
    ['/api/contacts/by-phone/+15551234567', '/api/contacts/by-phone/[phone]'],
    ['/api/leads?createdFrom=2026-11-26T07:51:24Z', '/api/leads?createdFrom=*'],
    [undefined, ''],
    ['', ''],
  ])('%j → %j', (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });

  it('scrubs an email address in the path', () => {
    const out = safeUrl('/api/contacts/jane@example.com?x=1');
    expect(out).not.toContain('jane');
    expect(out).toContain('[email]');
    expect(out.endsWith('?x=*')).toBe(true);
  });
});
