import type { QueueName } from '@switchboard/shared-contracts';

/** Hooks for metrics; the observability library plugs Prometheus in. Must not throw (errors are logged). */
export interface ConsumerObserver {
  onConsumed?(event: ConsumerEvent): void;
  onSucceeded?(event: ConsumerOutcomeEvent): void;
  onRetried?(event: ConsumerRetryEvent): void;
  onDeadLettered?(event: ConsumerDeadLetterEvent): void;
  /** A message set aside (sent round the delay path) because its tenant held its share. */
  onHeldBack?(event: ConsumerEvent): void;
}

export interface ConsumerEvent {
  readonly queue: QueueName;
  /** From the envelope, or the tenant header when the body could not be read. */
  readonly tenantId: string | undefined;
}

export interface ConsumerOutcomeEvent extends ConsumerEvent {
  /** From delivery to the decision (handler included). */
  readonly durationMs: number;
}

export interface ConsumerRetryEvent extends ConsumerOutcomeEvent {
  /** Envelope.attempt of the retried message (unchanged by a RetryLaterError). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface ConsumerDeadLetterEvent extends ConsumerOutcomeEvent {
  readonly reason: string;
}
