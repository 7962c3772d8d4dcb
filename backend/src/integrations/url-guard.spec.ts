import { isPrivateAddress, urlProblem } from './url-guard';

describe('url guard (no SSRF)', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.20',
    '169.254.169.254', // cloud metadata
    '100.64.0.1', // CGNAT
    '0.0.0.0',
    '224.0.0.1', // multicast
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1', // ULA
    'fe80::1%eth0'.split('%')[0], // link-local
    'ff02::1', // multicast
    '::ffff:127.0.0.1', // IPv4-mapped loopback
    '::ffff:a00:1', // IPv4-mapped 10.0.0.1, hex form
    '64:ff9b::a00:1', // NAT64 of 10.0.0.1
    '2002:a00:1::', // 6to4 of 10.0.0.1
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111'])('allows the public address %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  const resolvesTo = (addresses: string[]) => () => Promise.resolve(addresses);

  it('refuses a name that resolves to a private address, and one with any private address among public ones', async () => {
    expect(await urlProblem('https://hooks.example.com/x', false, resolvesTo(['10.0.0.7']))).toMatchObject({ code: 'url_private' });
    expect(await urlProblem('https://hooks.example.com/x', false, resolvesTo(['93.184.216.34', '127.0.0.1']))).toMatchObject({ code: 'url_private' });
    expect(await urlProblem('https://hooks.example.com/x', false, resolvesTo(['93.184.216.34']))).toBeNull();
  });

  it('reads numeric host forms the way a browser does before checking them', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://127.1/']) {
      expect(await urlProblem(url, false, resolvesTo(['93.184.216.34']))).toMatchObject({ code: 'url_private' });
    }
  });

  it('an admin can allow private addresses for one subscription; the shape is still checked', async () => {
    expect(await urlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await urlProblem('ftp://127.0.0.1/hook', true)).toMatchObject({ code: 'url_invalid' });
    expect(await urlProblem('https://user:pw@hooks.example.com/', true)).toMatchObject({ code: 'url_invalid' });
  });

  it('a name that does not resolve is refused with its own code', async () => {
    const fails = () => Promise.reject(new Error('ENOTFOUND'));
    expect(await urlProblem('https://nowhere.invalid/', false, fails)).toMatchObject({ code: 'url_unresolvable' });
  });
});
