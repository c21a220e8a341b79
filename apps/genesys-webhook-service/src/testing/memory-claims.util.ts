import type Redis from 'ioredis';
import type { GenesysWebhookConfig } from '../app/config/genesys-webhook.config';
import { PUBLISHED_MARKER, WebhookClaims, type ClaimResult } from '../app/dedupe/webhook-claims.store';

/**
 * WebhookClaims over a Map instead of Redis (the Redis scripts are covered by the store's
 * integration spec). `down` makes every operation fail as an unreachable Redis does.
 */
export class MemoryClaims extends WebhookClaims {
  readonly values = new Map<string, string>();
  readonly calls: string[] = [];
  down = false;
  private tokens = 0;

  constructor() {
    super(undefined as unknown as Redis, { RABBITMQ_PUBLISH_TIMEOUT_MS: 1000 } as GenesysWebhookConfig);
  }

  override async claim(key: string): Promise<ClaimResult> {
    this.record('claim', key);
    const current = this.values.get(key);
    if (current === PUBLISHED_MARKER) return { state: 'published' };
    if (current !== undefined) return { state: 'in_progress' };
    const token = `token-${++this.tokens}`;
    this.values.set(key, token);
    return { state: 'claimed', token };
  }

  override async complete(key: string): Promise<void> {
    this.record('complete', key);
    this.values.set(key, PUBLISHED_MARKER);
  }

  override async release(key: string, token: string): Promise<void> {
    this.record('release', key);
    if (this.values.get(key) === token) this.values.delete(key);
  }

  override async onApplicationShutdown(): Promise<void> {
    // nothing to close
  }

  private record(operation: string, key: string): void {
    this.calls.push(`${operation} ${key}`);
    if (this.down) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
  }
}
