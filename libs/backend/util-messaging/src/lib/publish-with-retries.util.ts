import { setTimeout as sleep } from 'node:timers/promises';
import type { Envelope, RoutingKey } from '@switchboard/shared-contracts';
import { PublishNotConfirmedError } from './messaging.errors';
import type { MessagePublisher } from './message.publisher';

/** Waits before the in-process republishes of an unconfirmed message. */
export const REPUBLISH_DELAYS_MS: readonly number[] = [100, 500, 1_500];

/**
 * Publishes and, when the broker does not confirm, tries again in-process after each of
 * `delaysMs`: for a publish whose retry through the queue would repeat a costly side effect
 * (a second call to a cloud). Other errors, and the last unconfirmed one, are thrown.
 */
export async function publishWithRetries(
  publisher: Pick<MessagePublisher, 'publish'>,
  routingKey: RoutingKey,
  envelope: Envelope,
  delaysMs: readonly number[] = REPUBLISH_DELAYS_MS,
): Promise<void> {
  for (let retry = 0; ; retry += 1) {
    try {
      await publisher.publish(routingKey, envelope);
      return;
    } catch (error) {
      const delay = delaysMs[retry];
      if (!(error instanceof PublishNotConfirmedError) || delay === undefined) throw error;
      await sleep(delay);
    }
  }
}
