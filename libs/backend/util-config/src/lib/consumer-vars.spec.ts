import { z } from 'zod';
import { consumerOptions, consumerProblems, consumerVars } from './consumer-vars';

describe(consumerVars.name, () => {
  const schema = z.object(
    consumerVars({ concurrency: 32, prefetch: 256, maxActivePerTenant: 16, maxHeldPerTenant: 48 }),
  );

  it('gives the defaults and reads numbers from the environment', () => {
    expect(schema.parse({})).toEqual({
      CONSUMER_CONCURRENCY: 32,
      CONSUMER_PREFETCH: 256,
      CONSUMER_MAX_ACTIVE_PER_TENANT: 16,
      CONSUMER_MAX_HELD_PER_TENANT: 48,
    });
    expect(schema.parse({ CONSUMER_MAX_HELD_PER_TENANT: '100' }).CONSUMER_MAX_HELD_PER_TENANT).toBe(100);
  });
});

describe(consumerProblems.name, () => {
  const valid = {
    CONSUMER_CONCURRENCY: 32,
    CONSUMER_PREFETCH: 256,
    CONSUMER_MAX_ACTIVE_PER_TENANT: 16,
    CONSUMER_MAX_HELD_PER_TENANT: 48,
  };

  it('accepts consistent settings', () => {
    expect(consumerProblems(valid)).toEqual([]);
  });

  it('names every inconsistency', () => {
    expect(consumerProblems({ ...valid, CONSUMER_PREFETCH: 16, CONSUMER_MAX_HELD_PER_TENANT: 8 })).toEqual([
      'CONSUMER_PREFETCH: must be at least CONSUMER_CONCURRENCY',
      'CONSUMER_MAX_HELD_PER_TENANT: must be at least CONSUMER_MAX_ACTIVE_PER_TENANT',
    ]);
    expect(consumerProblems({ ...valid, CONSUMER_MAX_HELD_PER_TENANT: 300 })).toEqual([
      'CONSUMER_MAX_HELD_PER_TENANT: must be at most CONSUMER_PREFETCH',
    ]);
  });
});

describe(consumerOptions.name, () => {
  it('hands the variables to the consumer under its option names', () => {
    expect(
      consumerOptions({
        CONSUMER_CONCURRENCY: 8,
        CONSUMER_PREFETCH: 64,
        CONSUMER_MAX_ACTIVE_PER_TENANT: 4,
        CONSUMER_MAX_HELD_PER_TENANT: 16,
      }),
    ).toEqual({ concurrency: 8, prefetch: 64, maxActivePerTenant: 4, maxHeldPerTenant: 16 });
  });
});
