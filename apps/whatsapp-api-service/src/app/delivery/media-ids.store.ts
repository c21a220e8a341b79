import type Redis from 'ioredis';

export interface MediaIdsLogger {
  warn(message: string): void;
}

/**
 * Media ids WhatsApp gave for uploads, by (tenant, phone number, SHA-256 of the bytes): a retry,
 * a redelivery or the same file again is sent by id without a second upload. Kept below the 30
 * days WhatsApp keeps uploads (spec A4). Best effort: without Redis the file is uploaded again.
 */
export class MediaIds {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger?: MediaIdsLogger,
  ) {}

  async find(tenantId: string, phoneNumberId: string, sha256: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.key(tenantId, phoneNumberId, sha256))) ?? undefined;
    } catch (error) {
      this.logger?.warn(`cannot read an uploaded media id from Redis: ${(error as Error).message}`);
      return undefined;
    }
  }

  async remember(tenantId: string, phoneNumberId: string, sha256: string, mediaId: string): Promise<void> {
    try {
      await this.redis.set(this.key(tenantId, phoneNumberId, sha256), mediaId, 'EX', this.ttlSeconds);
    } catch (error) {
      this.logger?.warn(`cannot record an uploaded media id in Redis: ${(error as Error).message}`);
    }
  }

  /** WhatsApp refused the id (131053): the next send uploads the file again. */
  async forget(tenantId: string, phoneNumberId: string, sha256: string): Promise<void> {
    try {
      await this.redis.del(this.key(tenantId, phoneNumberId, sha256));
    } catch (error) {
      this.logger?.warn(`cannot drop an uploaded media id from Redis: ${(error as Error).message}`);
    }
  }

  private key(tenantId: string, phoneNumberId: string, sha256: string): string {
    return `media:${tenantId}:${phoneNumberId}:${sha256}`;
  }
}
