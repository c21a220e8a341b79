import {
  TRACKED_STATUS_RANK,
  type ApplyStatusResponse,
  type TrackedMessageStatus,
  type WhatsAppMessageStatusValue,
} from '@switchboard/shared-contracts';

export type GenesysReceipt = NonNullable<ApplyStatusResponse['receipt']>;

export interface StatusDecision {
  /** The status moves the message forward (WhatsApp's order is not guaranteed: keep the highest). */
  readonly applied: boolean;
  /** The Genesys receipt this transition calls for, if any. */
  readonly receipt: GenesysReceipt | null;
}

/**
 * What a WhatsApp status does to a message in `current`. Decided under the row lock, so that of
 * concurrent or repeated statuses exactly one sees each transition: Delivered when the message
 * first reaches delivered (or read/played, delivered being skippable), Failed when it first
 * fails (final: nothing ranks above it).
 */
export function decideStatusTransition(
  current: TrackedMessageStatus,
  incoming: WhatsAppMessageStatusValue,
): StatusDecision {
  const from = TRACKED_STATUS_RANK[current];
  const to = TRACKED_STATUS_RANK[incoming];
  if (to <= from) return { applied: false, receipt: null };
  if (incoming === 'failed') return { applied: true, receipt: 'Failed' };
  const delivered = TRACKED_STATUS_RANK.delivered;
  return { applied: true, receipt: from < delivered && to >= delivered ? 'Delivered' : null };
}
