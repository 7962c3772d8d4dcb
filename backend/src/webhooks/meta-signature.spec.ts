import { checkMetaSignature, metaSignature } from './meta-signature';

describe('Meta signature (X-Hub-Signature-256)', () => {
  it('matches the known answer HMAC-SHA256("secret", "test")', () => {
    expect(metaSignature('secret', 'test')).toBe('0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914');
    expect(checkMetaSignature('secret', Buffer.from('test'), 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914')).toBe('ok');
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['no prefix', '0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914', 'malformed'],
    ['sha1 form', 'sha1=0329a06b62cd16b33eb6792be8c60b158d89a2ee', 'malformed'],
    ['not hex', `sha256=${'z'.repeat(64)}`, 'malformed'],
    ['short', 'sha256=0329a06b', 'malformed'],
    ['repeated header', ['sha256=a', 'sha256=b'], 'malformed'],
    ['one digit off', 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0915', 'mismatch'],
  ])('%s → %s', (_case, header, want) => {
    expect(checkMetaSignature('secret', Buffer.from('test'), header)).toBe(want);
  });

  it('a signature over re-serialised JSON does not match the raw bytes', () => {
    const raw = Buffer.from('{"object": "page",  "entry": []}');
    const reserialised = JSON.stringify(JSON.parse(raw.toString()));
    expect(checkMetaSignature('s3cret', raw, `sha256=${metaSignature('s3cret', reserialised)}`)).toBe('mismatch');
    expect(checkMetaSignature('s3cret', raw, `sha256=${metaSignature('s3cret', raw)}`)).toBe('ok');
  });
});
