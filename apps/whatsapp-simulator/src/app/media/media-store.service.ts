import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { newMediaId } from '../common/ids.util';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';

/** Uploaded media ids live 30 days, ids of media users sent (webhooks) 7 days (spec A4). */
const UPLOAD_LIFETIME_MS = 30 * 24 * 3600 * 1000;
const INBOUND_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export const DOWNLOAD_PATH = 'whatsapp_business/attachments';

export type MediaOrigin = 'upload' | 'inbound';

export interface StoredMedia {
  readonly id: string;
  readonly origin: MediaOrigin;
  /** The business number that owns it; only tokens of this number may read it. */
  readonly phoneNumberId?: string;
  readonly mimeType: string;
  readonly filename?: string;
  readonly bytes: Buffer;
  readonly sha256Hex: string;
  readonly sha256Base64: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export type MediaView = Omit<StoredMedia, 'bytes' | 'createdAt' | 'expiresAt'> & {
  readonly fileSize: number;
  readonly createdAt: string;
  readonly expiresAt: string;
};

export interface NewMedia {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly origin: MediaOrigin;
  readonly phoneNumberId?: string;
  readonly filename?: string;
}

/** Media bytes in memory, bounded by count and total size (the oldest go first). */
@Injectable()
export class MediaStoreService {
  private readonly media = new Map<string, StoredMedia>();
  private totalBytes = 0;
  private readonly urlKey = randomBytes(32);

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
  ) {}

  add(input: NewMedia): StoredMedia {
    if (input.bytes.length > this.config.MAX_MEDIA_TOTAL_BYTES) {
      throw new ConflictException(
        `media larger than MAX_MEDIA_TOTAL_BYTES (${this.config.MAX_MEDIA_TOTAL_BYTES})`,
      );
    }
    this.evictFor(input.bytes.length);
    let id = newMediaId();
    while (this.media.has(id)) id = newMediaId();
    const now = this.clock.now();
    const digest = createHash('sha256').update(input.bytes).digest();
    const stored: StoredMedia = {
      id,
      origin: input.origin,
      ...(input.phoneNumberId === undefined ? {} : { phoneNumberId: input.phoneNumberId }),
      mimeType: input.mimeType,
      ...(input.filename === undefined ? {} : { filename: input.filename }),
      bytes: input.bytes,
      sha256Hex: digest.toString('hex'),
      sha256Base64: digest.toString('base64'),
      createdAt: now,
      expiresAt: now + (input.origin === 'upload' ? UPLOAD_LIFETIME_MS : INBOUND_LIFETIME_MS),
    };
    this.media.set(id, stored);
    this.totalBytes += stored.bytes.length;
    return stored;
  }

  /** The media, unless unknown, deleted or past its lifetime. */
  find(id: string): StoredMedia | undefined {
    const stored = this.media.get(id);
    if (stored && stored.expiresAt <= this.clock.now()) {
      this.delete(id);
      return undefined;
    }
    return stored;
  }

  delete(id: string): boolean {
    const stored = this.media.get(id);
    if (!stored) return false;
    this.media.delete(id);
    this.totalBytes -= stored.bytes.length;
    return true;
  }

  list(): MediaView[] {
    return [...this.media.values()].map(({ bytes, createdAt, expiresAt, ...media }) => ({
      ...media,
      fileSize: bytes.length,
      createdAt: new Date(createdAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    }));
  }

  get usage(): { items: number; bytes: number } {
    return { items: this.media.size, bytes: this.totalBytes };
  }

  reset(): void {
    this.media.clear();
    this.totalBytes = 0;
  }

  /** A download URL like Meta's lookaside URLs: valid for MEDIA_URL_TTL_SECONDS, tamper-proof. */
  downloadUrl(media: StoredMedia): string {
    const ext = String(this.clock.unixSeconds() + this.config.MEDIA_URL_TTL_SECONDS);
    const url = new URL(`${DOWNLOAD_PATH}/`, this.config.PUBLIC_BASE_URL.replace(/\/?$/, '/'));
    url.searchParams.set('mid', media.id);
    url.searchParams.set('ext', ext);
    url.searchParams.set('hash', this.urlHash(media.id, ext));
    return url.toString();
  }

  /** The media a download URL points at; 404 when the URL is unknown, tampered with or expired. */
  resolveDownload(mid: string | undefined, ext: string | undefined, hash: string | undefined): StoredMedia {
    const expected = mid && ext ? Buffer.from(this.urlHash(mid, ext)) : undefined;
    const presented = Buffer.from(hash ?? '');
    if (!expected || expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
      throw new NotFoundException('unknown media URL');
    }
    if (Number(ext) <= this.clock.unixSeconds()) throw new NotFoundException('media URL expired');
    const media = this.find(mid as string);
    if (!media) throw new NotFoundException('media no longer exists');
    return media;
  }

  private urlHash(mid: string, ext: string): string {
    return createHmac('sha256', this.urlKey).update(`${mid}:${ext}`).digest('base64url');
  }

  private evictFor(incomingBytes: number): void {
    for (const id of this.media.keys()) {
      if (
        this.media.size < this.config.MAX_MEDIA_ITEMS &&
        this.totalBytes + incomingBytes <= this.config.MAX_MEDIA_TOTAL_BYTES
      ) {
        return;
      }
      this.delete(id);
    }
  }
}
