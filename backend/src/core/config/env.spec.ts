import { validateEnv } from './env';

describe('validateEnv', () => {
  it('gives working defaults for an empty environment (zero-setup)', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: '.data', ADMIN_EMAIL: 'admin@openhouse.local', SEED_DEMO: true, LOG_LEVEL: 'info', TRUST_PROXY: false });
    expect(env.DATABASE_URL).toBeUndefined();
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
