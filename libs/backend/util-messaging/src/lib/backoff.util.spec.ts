import { computeBackoffDelay } from './backoff.util';

describe(computeBackoffDelay.name, () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 32_000 };

  it('doubles the ceiling with each retry', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((retry) => computeBackoffDelay(retry, options, () => 0.999_999));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('keeps at least half of the ceiling whatever the jitter', () => {
    expect(computeBackoffDelay(3, options, () => 0)).toBe(2_000);
  });

  it('stays within [ceiling/2, ceiling] for random jitter', () => {
    for (let i = 0; i < 1_000; i += 1) {
      const sut = computeBackoffDelay(4, options);
      expect(sut).toBeGreaterThanOrEqual(4_000);
      expect(sut).toBeLessThanOrEqual(8_000);
    }
  });

  it('never exceeds the maximum delay, even after many retries', () => {
    expect(computeBackoffDelay(7, options, () => 0.999_999)).toBe(32_000);
    expect(computeBackoffDelay(10_000, options, () => 0.999_999)).toBe(32_000);
    expect(computeBackoffDelay(10_000, options, () => 0)).toBe(16_000);
  });

  it('spreads simultaneous retries apart', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffDelay(5, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
