import type Redis from 'ioredis';
import { z } from 'zod';

const acceptedMessageSchema = z.object({
  genesysMessageId: z.string().min(1),
  conversationId: z.string().min(1),
  acceptedAt: z.iso.datetime({ offset: true }),
});

/** Genesys took the message (2xx) but its answer could not be read: never send it again. */
const unreadableAcceptanceSchema = z.object({
  unreadableAnswer: z.string().min(1),
  acceptedAt: z.iso.datetime({ offset: true }),
});

const storedAcceptanceSchema = z.union([acceptedMessageSchema, unreadableAcceptanceSchema]);

/** What Genesys answered when it accepted one WhatsApp message. */
export type AcceptedMessage = z.infer<typeof acceptedMessageSchema>;
export type UnreadableAcceptance = z.infer<typeof unreadableAcceptanceSchema>;
export type StoredAcceptance = z.infer<typeof storedAcceptanceSchema>;

export interface AcceptedMessagesLogger {
  warn(message: string): void;
}

/**
 * Remembers, per tenant, integration and wamid, that Genesys accepted a message and what it
 * answered. When the correlation could not be published (or the same wamid comes again), the
 * retry publishes it from here instead of sending the message to Genesys a second time.
 * Best effort: without Redis the service still works, only that protection is lost.
 */
export class AcceptedMessages {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger?: AcceptedMessagesLogger,
  ) {}

  async find(
    tenantId: string,
    integrationId: string,
    whatsappMessageId: string,
  ): Promise<StoredAcceptance | null> {
    let stored: string | null;
    try {
      stored = await this.redis.get(this.key(tenantId, integrationId, whatsappMessageId));
    } catch (error) {
      this.logger?.warn(`cannot read accepted messages from Redis: ${(error as Error).message}`);
      return null;
    }
    if (stored === null) return null;
    try {
      const parsed = storedAcceptanceSchema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async remember(
    tenantId: string,
    integrationId: string,
    whatsappMessageId: string,
    accepted: StoredAcceptance,
  ): Promise<void> {
    try {
      await this.redis.set(
        this.key(tenantId, integrationId, whatsappMessageId),
        JSON.stringify(accepted),
        'EX',
        this.ttlSeconds,
      );
    } catch (error) {
      this.logger?.warn(`cannot record an accepted message in Redis: ${(error as Error).message}`);
    }
  }

  private key(tenantId: string, integrationId: string, whatsappMessageId: string): string {
    return `genesys-accepted:${tenantId}:${integrationId}:${whatsappMessageId}`;
  }
}
