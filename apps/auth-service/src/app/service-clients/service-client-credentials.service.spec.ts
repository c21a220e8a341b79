import { timingSafeEqual } from 'node:crypto';
import { parseBasicCredentials, ServiceClientCredentials } from './service-client-credentials.service';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe(ServiceClientCredentials.name, () => {
  const sut = new ServiceClientCredentials(
    new Map([
      ['genesys-api-service', 'a-long-secret-for-genesys-api'],
      ['tenant-service', 'another-long-secret-for-tenants'],
    ]),
  );

  it('accepts a client with its own secret', () => {
    expect(sut.verify('genesys-api-service', 'a-long-secret-for-genesys-api')).toBe(true);
  });

  it('refuses a wrong secret, another client’s secret, a prefix and an unknown client', () => {
    expect(sut.verify('genesys-api-service', 'a-long-secret-for-genesys-apI')).toBe(false);
    expect(sut.verify('genesys-api-service', 'another-long-secret-for-tenants')).toBe(false);
    expect(sut.verify('genesys-api-service', 'a-long-secret')).toBe(false);
    expect(sut.verify('genesys-api-service', '')).toBe(false);
    expect(sut.verify('intruder', 'a-long-secret-for-genesys-api')).toBe(false);
  });

  it('compares equal-length digests in constant time, also for unknown clients and short secrets', () => {
    const spy = jest.mocked(timingSafeEqual);
    spy.mockClear();
    expect(sut.verify('genesys-api-service', 'x')).toBe(false);
    expect(sut.verify('nobody', 'a-much-longer-presented-secret-than-any-stored-one')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [left, right] of spy.mock.calls) {
      expect((left as Buffer).length).toBe(32);
      expect((right as Buffer).length).toBe(32);
    }
  });
});

describe(parseBasicCredentials.name, () => {
  it('reads name and secret, the secret may contain colons', () => {
    expect(parseBasicCredentials(basic('state-manager:s3cr:et'))).toEqual({
      name: 'state-manager',
      secret: 's3cr:et',
    });
  });

  it('returns null for anything else', () => {
    expect(parseBasicCredentials(undefined)).toBeNull();
    expect(parseBasicCredentials('Bearer abc.def.ghi')).toBeNull();
    expect(parseBasicCredentials(basic('no-colon'))).toBeNull();
    expect(parseBasicCredentials(basic(':secret-without-name'))).toBeNull();
    expect(parseBasicCredentials(basic('name-without-secret:'))).toBeNull();
    expect(parseBasicCredentials('Basic not base64!')).toBeNull();
  });
});
