import { validateEnv } from './env';

describe('validateEnv', () => {
  it('gives working defaults for an empty environment (zero-setup)', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: '.data', ADMIN_EMAIL: 'admin@openhouse.local', SEED_DEMO: true, LOG_LEVEL: 'info', TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('seeds demo data by default only for the zero-setup embedded database', () => {
    expect(validateEnv({}).SEED_DEMO).toBe(true);
    expect(validateEnv({ NODE_ENV: 'development' }).SEED_DEMO).toBe(true);
    expect(validateEnv({ DATABASE_URL: 'postgres://u@db:5432/crm' }).SEED_DEMO).toBe(false);
    expect(validateEnv({ NODE_ENV: 'production' }).SEED_DEMO).toBe(false);
    // Asked for explicitly, it is honoured either way.
    expect(validateEnv({ DATABASE_URL: 'postgres://u@db:5432/crm', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(validateEnv({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });

  it('reads numbers and booleans from strings and treats empty values as unset', () => {
    const env = validateEnv({ PORT: '8080', SEED_DEMO: 'false', LOG_REQUESTS: '0', DATABASE_URL: '' });
    expect(env.PORT).toBe(8080);
    expect(env.SEED_DEMO).toBe(false);
    expect(env.LOG_REQUESTS).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['JWT_SECRET', 'short'],
    ['JWT_SECRET', 'x'.repeat(31)],
    ['JWT_TTL', 'forever'],
    ['ADMIN_EMAIL', 'not an email'],
    ['ADMIN_PASSWORD', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['REDIS_URL', 'localhost:6379'],
    ['BODY_LIMIT', '10'],
    ['SMTP_URL', 'mail.example.com:587'],
    ['MAIL_FROM', 'Openhouse'],
    ['INBOUND_MAIL_SECRET', 'secret'],
  ])('fails naming %s when it is %p', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment:\\n  ${name}: `));
  });

  it('accepts a JWT_SECRET of 32 bytes', () => {
    expect(validateEnv({ JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });

  it('names every bad variable at once', () => {
    expect(() => validateEnv({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT: .*\n\s+LOG_LEVEL: /s);
  });

  it('ignores variables it does not own', () => {
    expect(() => validateEnv({ HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
