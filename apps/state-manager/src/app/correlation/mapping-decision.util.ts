/** What an inbound message's Genesys conversationId does to the customer's active mapping. */
export type MappingDecision =
  /** No active mapping: make this conversation the active one. */
  | 'activate'
  /** The active mapping is this conversation: move its times forward. */
  | 'touch'
  /** Genesys started a new conversation (threading timeline passed): close the old mapping. */
  | 'switch'
  /** An older message of another conversation arrived late: the active mapping stays. */
  | 'keep';

export interface ActiveMappingState {
  readonly conversationId: string;
  readonly lastInboundAt: Date | null;
}

export function decideMapping(
  active: ActiveMappingState | null,
  incoming: { readonly conversationId: string; readonly messageTime: Date },
): MappingDecision {
  if (!active) return 'activate';
  if (active.conversationId === incoming.conversationId) return 'touch';
  const olderThanActive =
    active.lastInboundAt !== null && incoming.messageTime.getTime() < active.lastInboundAt.getTime();
  return olderThanActive ? 'keep' : 'switch';
}
