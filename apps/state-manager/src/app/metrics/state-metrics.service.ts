import { Counter, register, type Registry } from 'prom-client';

export type StatusOutcome = 'applied' | 'ignored';
/** A lock found busy: `waited` (then taken on a later attempt) or `gave_up` (message retried later). */
export type LockContentionOutcome = 'waited' | 'gave_up';

function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * state-manager's own figures, next to the HTTP and queue metrics of the libraries. Provided by a
 * factory (the registry parameter is for tests, not for injection).
 */
export class StateMetrics {
  private readonly mappingsCreated: Counter<string>;
  private readonly conversationsExpired: Counter<string>;
  private readonly statuses: Counter<string>;
  private readonly lockContention: Counter<string>;

  constructor(registry: Registry = register) {
    this.mappingsCreated = getOrCreate(
      registry,
      'switchboard_conversation_mappings_created_total',
      () =>
        new Counter({
          name: 'switchboard_conversation_mappings_created_total',
          help: 'Conversation mappings that became active: new ones and expired or closed ones resumed',
          labelNames: ['tenant'],
          registers: [registry],
        }),
    );
    this.conversationsExpired = getOrCreate(
      registry,
      'switchboard_conversations_expired_total',
      () =>
        new Counter({
          name: 'switchboard_conversations_expired_total',
          help: 'Active conversations marked expired by the idle-conversation job',
          registers: [registry],
        }),
    );
    this.statuses = getOrCreate(
      registry,
      'switchboard_message_statuses_total',
      () =>
        new Counter({
          name: 'switchboard_message_statuses_total',
          help: 'WhatsApp statuses applied to tracked messages, or ignored because the message had passed them',
          labelNames: ['status', 'outcome'],
          registers: [registry],
        }),
    );
    this.lockContention = getOrCreate(
      registry,
      'switchboard_conversation_lock_contention_total',
      () =>
        new Counter({
          name: 'switchboard_conversation_lock_contention_total',
          help: 'Conversation locks found busy, by outcome (waited and took it, or gave up)',
          labelNames: ['outcome'],
          registers: [registry],
        }),
    );
  }

  mappingActivated(tenantId: string): void {
    this.mappingsCreated.inc({ tenant: tenantId });
  }

  conversationsExpiredBy(count: number): void {
    if (count > 0) this.conversationsExpired.inc(count);
  }

  statusHandled(status: string, outcome: StatusOutcome): void {
    this.statuses.inc({ status, outcome });
  }

  lockContended(outcome: LockContentionOutcome): void {
    this.lockContention.inc({ outcome });
  }
}
