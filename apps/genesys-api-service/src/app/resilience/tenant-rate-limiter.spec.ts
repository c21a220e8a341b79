import { rateLimitWindow } from './tenant-rate-limiter';

describe(rateLimitWindow.name, () => {
  it('turns Genesys’s 300 calls per minute with bursts of 50 into 50 calls every 10 s', () => {
    expect(rateLimitWindow(300, 50)).toEqual({ points: 50, durationSeconds: 10 });
  });

  it('keeps a window of at least one second for high rates', () => {
    expect(rateLimitWindow(60_000, 50)).toEqual({ points: 1000, durationSeconds: 1 });
  });

  it('never allows a burst above the per-minute rate', () => {
    expect(rateLimitWindow(10, 50)).toEqual({ points: 10, durationSeconds: 60 });
  });
});
