import { perSecondWindow, rateLimitWindow } from './keyed-rate-limiter';

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

describe(perSecondWindow.name, () => {
  it('turns WhatsApp’s 80 messages per second into 80 points every second', () => {
    expect(perSecondWindow(80)).toEqual({ points: 80, durationSeconds: 1 });
  });

  it('refuses a rate below one per second', () => {
    expect(() => perSecondWindow(0)).toThrow(RangeError);
    expect(() => perSecondWindow(2.5)).toThrow(RangeError);
  });
});
