import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceClientSecrets } from '../config/service-client-secrets.util';

export interface BasicCredentials {
  readonly name: string;
  readonly secret: string;
}

function digest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/** `Authorization: Basic base64(name:secret)`, or null when the header is not that. */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | null {
  const match = header === undefined ? null : /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || separator === decoded.length - 1) return null;
  return { name: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
}

/**
 * The services' client credentials (SERVICE_CLIENT_SECRETS). Secrets are compared in constant
 * time: both sides are hashed to the same length first, and an unknown name is compared against
 * a random digest, so that neither the secret's length nor the name's existence shows in timing.
 */
export class ServiceClientCredentials {
  private readonly digests: ReadonlyMap<string, Buffer>;
  private readonly unknownClientDigest = digest(randomBytes(32));

  constructor(secrets: ServiceClientSecrets) {
    this.digests = new Map([...secrets].map(([name, secret]) => [name, digest(secret)]));
  }

  verify(name: string, secret: string): boolean {
    const expected = this.digests.get(name);
    const matches = timingSafeEqual(digest(secret), expected ?? this.unknownClientDigest);
    return expected !== undefined && matches;
  }

  isClient(name: string): boolean {
    return this.digests.has(name);
  }
}
