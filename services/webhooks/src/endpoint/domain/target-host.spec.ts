import { privateTargetErrors, resolveHost, type ResolveHost } from './target-host';

describe('endpoint target addresses (SSRF)', () => {
  const dns = (table: Record<string, string[]>): ResolveHost & jest.Mock => jest.fn((host: string) => Promise.resolve(table[host] ?? []));
  const refused = [
    {
      field: 'url',
      message: 'must be a public address: loopback, private and link-local targets are allowed only for tenants in development mode',
    },
  ];

  it('refuses loopback, private and link-local IP literals without asking DNS', async () => {
    const resolve = dns({});
    for (const url of [
      'http://127.0.0.1:4010/chat',
      'http://10.1.2.3/h',
      'http://192.168.0.10/h',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/h',
      'http://[fe80::1]/h',
      'http://[::ffff:127.0.0.1]/h',
      'http://0x7f.1/h',
    ]) {
      expect(await privateTargetErrors(url, resolve)).toEqual(refused);
    }
    expect(resolve).not.toHaveBeenCalled();
    expect(await privateTargetErrors('https://93.184.216.34/h', resolve)).toEqual([]);
  });

  it('refuses localhost whatever the resolver says', async () => {
    const resolve = dns({ localhost: ['93.184.216.34'] });
    expect(await privateTargetErrors('http://localhost:3000/h', resolve)).toEqual(refused);
    expect(await privateTargetErrors('http://LocalHost./h', resolve)).toEqual(refused);
    expect(await privateTargetErrors('http://api.localhost/h', resolve)).toEqual(refused);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolve = dns({
      'mixed.example.com': ['93.184.216.34', '10.0.0.7'],
      'public.example.com': ['93.184.216.34', '2606:2800:220:1::'],
    });
    expect(await privateTargetErrors('https://mixed.example.com/h', resolve)).toEqual(refused);
    expect(resolve).toHaveBeenCalledWith('mixed.example.com');
    expect(await privateTargetErrors('https://public.example.com/h', resolve)).toEqual([]);
  });

  it('accepts a name that does not resolve now (the dispatcher checks the address on every send)', async () => {
    expect(await privateTargetErrors('https://not-yet.example.com/h', dns({}))).toEqual([]);
  });

  it('asks the system resolver for every address of a name', async () => {
    // The hosts file maps localhost to loopback on every system this runs on.
    const addresses = await resolveHost('localhost');
    expect(addresses.length).toBeGreaterThanOrEqual(1);
    expect(addresses.every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
    expect(await resolveHost('no-such-host.invalid')).toEqual([]);
  });
});
