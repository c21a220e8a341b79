import {
  formatValidationErrors,
  validateGenesysOutboundWebhook,
  type GenesysOutboundEvent,
  type GenesysOutboundWebhook,
  type GenesysOutboundWebhookOf,
} from '@switchboard/shared-contracts';

export type WebhookCheck<T> =
  { readonly ok: true; readonly webhook: T } | { readonly ok: false; readonly reason: string };

const TYPES_OF_KIND = {
  message: ['Text', 'Structured'],
  receipt: ['Receipt'],
  typing: ['Event'],
} as const satisfies Record<GenesysOutboundEvent['kind'], readonly GenesysOutboundWebhook['type'][]>;

type WebhookOfKind<K extends GenesysOutboundEvent['kind']> = GenesysOutboundWebhookOf<
  (typeof TYPES_OF_KIND)[K][number]
>;

/** Longest validation report kept in a Failed receipt or a dead-letter reason. */
const MAX_REASON_LENGTH = 1000;

/**
 * The event's raw Genesys body, validated against the outbound webhook contract (spec B3) and
 * checked against the ids the webhook service took from it: its type must be one of the
 * event's kind, and its `id`, `channel.id` and `channel.to.id` those of the event.
 */
export function checkOutboundWebhook<K extends GenesysOutboundEvent['kind']>(
  event: GenesysOutboundEvent & { readonly kind: K },
): WebhookCheck<WebhookOfKind<K>> {
  const validated = validateGenesysOutboundWebhook(event.webhook);
  if (!validated.ok) return { ok: false, reason: clip(formatValidationErrors(validated.errors)) };
  const webhook = validated.value;
  const types: readonly string[] = TYPES_OF_KIND[event.kind];
  const problems = [
    !types.includes(webhook.type) && `type: ${webhook.type} is not a ${event.kind}`,
    webhook.id !== event.genesysMessageId && 'id: differs from the event’s genesysMessageId',
    webhook.channel.id !== event.integrationId && 'channel.id: differs from the event’s integrationId',
    webhook.channel.to.id !== event.customerId && 'channel.to.id: differs from the event’s customerId',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) return { ok: false, reason: problems.join('\n') };
  return { ok: true, webhook: webhook as WebhookOfKind<K> };
}

/** `channel.metadata.replyToMessageId`: the Genesys id of the message an agent's reply quotes (our convention). */
export function replyToMessageIdOf(webhook: GenesysOutboundWebhook): string | undefined {
  const metadata: unknown = webhook.channel['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const id: unknown = (metadata as Record<string, unknown>)['replyToMessageId'];
  return typeof id === 'string' && id.length > 0 && id.length <= 256 ? id : undefined;
}

function clip(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}
