import type Redis from 'ioredis';
import { NumberRateLimits } from './number-rate-limits';

// No command is sent in these tests: the limiters are created lazily on the first reserve().
const redis = {} as Redis;

describe(NumberRateLimits.name, () => {
  it('paces a number at the configured rate when its tier is unknown', () => {
    const sut = new NumberRateLimits(redis, 80);

    expect(sut.rateFor(undefined)).toBe(80);
  });

  it('never lets a number go faster than the ceiling, even on a higher tier', () => {
    const sut = new NumberRateLimits(redis, 80);

    expect(sut.rateFor(1_000)).toBe(80);
  });

  it('keeps a number below the ceiling at its own tier (coexistence numbers: 20 mps)', () => {
    const sut = new NumberRateLimits(redis, 1_000);

    expect(sut.rateFor(20)).toBe(20);
    expect(sut.rateFor(1_000)).toBe(1_000);
  });

  it('ignores a tier that is not a rate', () => {
    const sut = new NumberRateLimits(redis, 80);

    expect(sut.rateFor(0)).toBe(80);
  });

  it('refuses a ceiling below one message per second', () => {
    expect(() => new NumberRateLimits(redis, 0)).toThrow(RangeError);
  });
});
