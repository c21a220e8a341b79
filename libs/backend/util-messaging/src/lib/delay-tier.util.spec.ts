import { DELAY_TIERS_MS, MAX_DELAY_MS, delayQueueName, planDelay } from './delay-tier.util';

describe(planDelay.name, () => {
  it('offers tiers from 1 s doubling up to 1 h', () => {
    expect(DELAY_TIERS_MS[0]).toBe(1_000);
    expect(DELAY_TIERS_MS.at(-2)).toBe(2_048_000);
    expect(DELAY_TIERS_MS.at(-1)).toBe(3_600_000);
    expect(DELAY_TIERS_MS).toHaveLength(13);
  });

  it('keeps every tier above half of the next one, so a tier only holds delays in (tier/2, tier]', () => {
    DELAY_TIERS_MS.slice(1).forEach((tier, i) => expect(DELAY_TIERS_MS[i]).toBeGreaterThanOrEqual(tier / 2));
  });

  it('picks the smallest tier that is at least the delay', () => {
    expect(planDelay(1_000)).toEqual({ tierMs: 1_000, expirationMs: 1_000 });
    expect(planDelay(1_001)).toEqual({ tierMs: 2_000, expirationMs: 1_001 });
    expect(planDelay(5_000).tierMs).toBe(8_000);
    expect(planDelay(60_000).tierMs).toBe(64_000);
    expect(planDelay(2_048_001).tierMs).toBe(3_600_000);
  });

  it('puts sub-second delays in the first tier with their own expiration', () => {
    expect(planDelay(150)).toEqual({ tierMs: 1_000, expirationMs: 150 });
    expect(planDelay(0)).toEqual({ tierMs: 1_000, expirationMs: 0 });
  });

  it('rounds fractional delays up, so that a message never leaves early', () => {
    expect(planDelay(999.2).expirationMs).toBe(1_000);
  });

  it('clamps delays beyond 1 h and nonsense to the limits', () => {
    expect(planDelay(10 * MAX_DELAY_MS)).toEqual({ tierMs: MAX_DELAY_MS, expirationMs: MAX_DELAY_MS });
    expect(planDelay(Number.POSITIVE_INFINITY).expirationMs).toBe(MAX_DELAY_MS);
    expect(planDelay(-5)).toEqual({ tierMs: 1_000, expirationMs: 0 });
  });

  it('names each tier queue after its delay', () => {
    expect(delayQueueName(4_000)).toBe('switchboard.delay.4000');
  });
});
