import type Redis from 'ioredis';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

/** WhatsApp accepted the part: its wamid. */
const sentPartSchema = z.object({ wamid: z.string().min(1), sentAt: isoTime });
/** WhatsApp answered 2xx without a readable wamid: it probably took the part; never send it again. */
const unreadablePartSchema = z.object({ unreadableAnswer: z.string().min(1), sentAt: isoTime });
const storedPartSchema = z.union([sentPartSchema, unreadablePartSchema]);

export type SentPart = z.infer<typeof sentPartSchema>;
export type StoredPart = z.infer<typeof storedPartSchema>;

export interface SentPartsLogger {
  warn(message: string): void;
}

/**
 * Which parts of an agent's message WhatsApp already accepted, per tenant and Genesys message
 * (`sent:<tenant>:<genesysMessageId>:<part>`). Written right after WhatsApp's answer and before
 * anything else, so that a retry or a redelivery sends only the parts still missing.
 */
export class SentParts {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger?: SentPartsLogger,
  ) {}

  /** One entry per part (undefined: not sent); undefined as a whole when Redis cannot say. */
  async find(
    tenantId: string,
    genesysMessageId: string,
    partCount: number,
  ): Promise<(StoredPart | undefined)[] | undefined> {
    const keys = Array.from({ length: partCount }, (_, index) => this.key(tenantId, genesysMessageId, index));
    let stored: (string | null)[];
    try {
      stored = await this.redis.mget(...keys);
    } catch (error) {
      this.logger?.warn(
        `cannot read the sent parts of ${genesysMessageId} from Redis: ${(error as Error).message}`,
      );
      return undefined;
    }
    return stored.map((value) => (value === null ? undefined : parse(value)));
  }

  /** Best effort: without Redis the part is still sent; only the protection of a retry is lost. */
  async remember(tenantId: string, genesysMessageId: string, index: number, part: StoredPart): Promise<void> {
    try {
      await this.redis.set(
        this.key(tenantId, genesysMessageId, index),
        JSON.stringify(part),
        'EX',
        this.ttlSeconds,
      );
    } catch (error) {
      this.logger?.warn(
        `cannot record part ${index} of ${genesysMessageId} as sent (${'wamid' in part ? part.wamid : 'unreadable answer'}) in Redis: ${(error as Error).message}`,
      );
    }
  }

  private key(tenantId: string, genesysMessageId: string, index: number): string {
    return `sent:${tenantId}:${genesysMessageId}:${index}`;
  }
}

function parse(value: string): StoredPart | undefined {
  try {
    const parsed = storedPartSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
