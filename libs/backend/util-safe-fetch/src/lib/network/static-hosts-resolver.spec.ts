import { parseStaticHosts, staticHostsResolver } from './static-hosts-resolver';

describe(parseStaticHosts.name, () => {
  it('reads names with one or several IPv4 and IPv6 addresses', () => {
    const sut = parseStaticHosts(' metadata.test=169.254.169.254 ; Mixed.Test=93.184.216.34, fd00::1 ;');

    expect([...sut]).toEqual([
      ['metadata.test', ['169.254.169.254']],
      ['mixed.test', ['93.184.216.34', 'fd00::1']],
    ]);
  });

  it.each(['metadata.test', 'metadata.test=', '=10.0.0.1', 'a=10.0.0.1=x', 'a=not-an-ip'])(
    'refuses the malformed entry %p',
    (spec) => {
      expect(() => parseStaticHosts(spec)).toThrow(/is not/);
    },
  );
});

describe(staticHostsResolver.name, () => {
  it('answers listed names from the table, case-insensitively, without the fallback', async () => {
    const fallback = jest.fn(async () => [{ address: '203.0.113.9', family: 4 }]);
    const sut = staticHostsResolver(parseStaticHosts('inside.test=10.0.0.7,fd00::1'), fallback);

    expect(await sut('INSIDE.test')).toEqual([
      { address: '10.0.0.7', family: 4 },
      { address: 'fd00::1', family: 6 },
    ]);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('asks the fallback for any other name', async () => {
    const fallback = jest.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
    const sut = staticHostsResolver(parseStaticHosts('inside.test=10.0.0.7'), fallback);

    expect(await sut('localhost')).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(fallback).toHaveBeenCalledWith('localhost');
  });
});
