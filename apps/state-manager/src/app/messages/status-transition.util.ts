import {
  TRACKED_STATUS_RANK,
  type ApplyStatusResponse,
  type StatusChange,
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
  history: readonly StatusChange[] = [],
): StatusDecision {
  const from = TRACKED_STATUS_RANK[current];
  const to = TRACKED_STATUS_RANK[incoming];
  if (to <= from) return { applied: false, receipt: receiptDecidedBy(incoming, history) };
  if (incoming === 'failed') return { applied: true, receipt: 'Failed' };
  const delivered = TRACKED_STATUS_RANK.delivered;
  return { applied: true, receipt: from < delivered && to >= delivered ? 'Delivered' : null };
}

/**
 * The receipt an earlier, applied `incoming` decided, answered again when the same status comes
 * back: the caller retries it only when it did not get (or could not send) the first answer, and
 * a repeated receipt at Genesys is harmless where a lost one is not.
 */
function receiptDecidedBy(
  incoming: WhatsAppMessageStatusValue,
  history: readonly StatusChange[],
): GenesysReceipt | null {
  if (incoming === 'failed') return history.some((change) => change.status === 'failed') ? 'Failed' : null;
  const delivered = TRACKED_STATUS_RANK.delivered;
  const firstDelivered = history.find(
    (change) => change.status !== 'failed' && TRACKED_STATUS_RANK[change.status] >= delivered,
  );
  return firstDelivered?.status === incoming ? 'Delivered' : null;
}

/** One of the WhatsApp sends of a Genesys message, as a receipt is decided on it. */
export interface MessagePartState {
  readonly partIndex: number;
  readonly partCount: number;
  readonly status: TrackedMessageStatus;
  readonly statusHistory: readonly StatusChange[];
  /** This part's failure decided the message's Failed receipt. */
  readonly failureDecided: boolean;
}

/**
 * What a WhatsApp status of one part does, decided with every other part of its Genesys message
 * locked (`otherParts`). A single send is {@link decideStatusTransition}. Of several parts, the
 * first part to fail decides Failed, once per Genesys message (only that part's repeated failed
 * answers it again); Delivered comes from the last part only, and only while no part has failed.
 */
export function decidePartStatusTransition(
  part: MessagePartState,
  otherParts: readonly MessagePartState[],
  incoming: WhatsAppMessageStatusValue,
): StatusDecision {
  const own = decideStatusTransition(part.status, incoming, part.statusHistory);
  if (part.partCount <= 1) return own;
  if (incoming === 'failed') {
    if (!own.applied) return { applied: false, receipt: part.failureDecided ? 'Failed' : null };
    return { applied: true, receipt: otherParts.some(hasFailed) ? null : 'Failed' };
  }
  const last = part.partIndex === part.partCount - 1;
  const anyFailed = hasFailed(part) || otherParts.some(hasFailed);
  return {
    applied: own.applied,
    receipt: own.receipt === 'Delivered' && last && !anyFailed ? 'Delivered' : null,
  };
}

function hasFailed(part: MessagePartState): boolean {
  return part.status === 'failed';
}
