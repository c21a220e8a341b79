import { intVar } from './load-config';

export interface ConsumerDefaults {
  readonly concurrency: number;
  readonly prefetch: number;
  readonly maxActivePerTenant: number;
  readonly maxHeldPerTenant: number;
}

/** The variables of a service's work-queue consumer (util-messaging's WorkQueueConsumer). */
export function consumerVars(defaults: ConsumerDefaults) {
  return {
    /** Handlers running at once. */
    CONSUMER_CONCURRENCY: intVar(defaults.concurrency, 1, 10_000),
    /** Unacked messages the broker hands over (at least the concurrency). */
    CONSUMER_PREFETCH: intVar(defaults.prefetch, 1, 65_535),
    /** Handlers of one tenant running at once: the rest of the slots stay with the other tenants. */
    CONSUMER_MAX_ACTIVE_PER_TENANT: intVar(defaults.maxActivePerTenant, 1, 10_000),
    /**
     * Messages of one tenant held at once (waiting, running, retrying in place); more are held
     * back round the delay path, so that one tenant cannot fill the prefetch window.
     */
    CONSUMER_MAX_HELD_PER_TENANT: intVar(defaults.maxHeldPerTenant, 1, 65_535),
  };
}

export interface ConsumerSettings {
  readonly CONSUMER_CONCURRENCY: number;
  readonly CONSUMER_PREFETCH: number;
  readonly CONSUMER_MAX_ACTIVE_PER_TENANT: number;
  readonly CONSUMER_MAX_HELD_PER_TENANT: number;
}

/** The consumer variables as options of util-messaging's WorkQueueConsumer. */
export function consumerOptions(config: ConsumerSettings) {
  return {
    concurrency: config.CONSUMER_CONCURRENCY,
    prefetch: config.CONSUMER_PREFETCH,
    maxActivePerTenant: config.CONSUMER_MAX_ACTIVE_PER_TENANT,
    maxHeldPerTenant: config.CONSUMER_MAX_HELD_PER_TENANT,
  };
}

/** What the consumer variables must satisfy together. */
export function consumerProblems(config: ConsumerSettings): string[] {
  const problems: string[] = [];
  if (config.CONSUMER_PREFETCH < config.CONSUMER_CONCURRENCY) {
    problems.push('CONSUMER_PREFETCH: must be at least CONSUMER_CONCURRENCY');
  }
  if (config.CONSUMER_MAX_HELD_PER_TENANT < config.CONSUMER_MAX_ACTIVE_PER_TENANT) {
    problems.push('CONSUMER_MAX_HELD_PER_TENANT: must be at least CONSUMER_MAX_ACTIVE_PER_TENANT');
  }
  if (config.CONSUMER_MAX_HELD_PER_TENANT > config.CONSUMER_PREFETCH) {
    problems.push('CONSUMER_MAX_HELD_PER_TENANT: must be at most CONSUMER_PREFETCH');
  }
  return problems;
}
