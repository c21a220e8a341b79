import { ByteBudget } from '@switchboard/backend-util-safe-fetch';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MEDIA_BUCKETS, ObjectStorage } from '@switchboard/backend-data-access-object-storage';
import { RetryableError } from '@switchboard/backend-util-messaging';
import type { GenesysInboundAttachment } from '@switchboard/shared-contracts';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { InboundMetrics } from '../metrics/inbound.metrics';
import { matchesSha256 } from './capped-read.util';
import {
  MEDIA_KIND_RULES,
  STATIC_STICKER_MAX_BYTES,
  baseMimeType,
  extensionForMimeType,
  type WhatsAppMediaKind,
} from './media-kinds.constants';
import { WhatsAppMediaClient } from './whatsapp-media.client';

/** The media object of an inbound media message (spec A2). */
export interface InboundMedia {
  readonly id: string;
  readonly mime_type: string;
  readonly sha256?: string;
  readonly caption?: string;
  readonly filename?: string;
  readonly animated?: boolean;
}

export interface MediaRelayRequest {
  readonly tenantId: string;
  readonly whatsappMessageId: string;
  readonly phoneNumberId: string;
  readonly kind: WhatsAppMediaKind;
  readonly media: InboundMedia;
  /** Retries made before this delivery (Envelope.attempt). */
  readonly attempt: number;
}

export type MediaOutcome =
  | { readonly kind: 'stored'; readonly attachment: GenesysInboundAttachment }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** A checksum mismatch is retried this often (a transfer can break); then the agent is told. */
export const MEDIA_INTEGRITY_RETRIES = 2;

/**
 * Moves a customer's media from WhatsApp into our bucket and hands Genesys a presigned URL
 * (spec A4, B2): download with the size cap of its kind, SHA-256 check, idempotent store under
 * `<tenantId>/<wamid>/<media-id>`, presigned GET.
 */
@Injectable()
export class MediaRelayService {
  private readonly logger = new Logger(MediaRelayService.name);
  private readonly memory: ByteBudget;

  constructor(
    private readonly client: WhatsAppMediaClient,
    private readonly storage: ObjectStorage,
    private readonly metrics: InboundMetrics,
    @Inject(INBOUND_TRANSFORMER_CONFIG) private readonly config: InboundTransformerConfig,
  ) {
    this.memory = new ByteBudget(config.MEDIA_MAX_IN_FLIGHT_BYTES);
  }

  async relay(request: MediaRelayRequest): Promise<MediaOutcome> {
    const outcome = await this.fetchAndStore(request);
    this.metrics.media(request.kind, outcome.kind);
    if (outcome.kind === 'unavailable') {
      this.logger.warn(
        `media ${request.media.id} of ${request.whatsappMessageId} is unavailable: ${outcome.reason}`,
      );
    }
    return outcome;
  }

  private async fetchAndStore(request: MediaRelayRequest): Promise<MediaOutcome> {
    const rule = MEDIA_KIND_RULES[request.kind];
    const maxBytes =
      request.kind === 'sticker' && request.media.animated !== true
        ? STATIC_STICKER_MAX_BYTES
        : rule.maxBytes;
    // Each file is held in memory up to its cap: the budget bounds what all handlers hold at once.
    const release = await this.memory.acquire(maxBytes);
    try {
      return await this.downloadAndStore(request, rule, maxBytes);
    } finally {
      release();
    }
  }

  private async downloadAndStore(
    request: MediaRelayRequest,
    rule: (typeof MEDIA_KIND_RULES)[keyof typeof MEDIA_KIND_RULES],
    maxBytes: number,
  ): Promise<MediaOutcome> {
    const download = await this.client.download({
      phoneNumberId: request.phoneNumberId,
      mediaId: request.media.id,
      maxBytes,
      refuseMimeType: (mimeType) =>
        rule.mimeTypes === undefined || rule.mimeTypes.includes(baseMimeType(mimeType))
          ? undefined
          : `its type ${baseMimeType(mimeType)} is not allowed for ${request.kind} messages`,
    });
    if (download.kind === 'unavailable') return download;
    if (download.bytes.length === 0) return { kind: 'unavailable', reason: 'the file is empty' };
    const expected = [request.media.sha256, download.description.sha256].filter(
      (value): value is string => value !== undefined && value.length > 0,
    );
    if (!expected.every((sha256) => matchesSha256(download.digest, sha256))) {
      if (request.attempt < MEDIA_INTEGRITY_RETRIES) {
        throw new RetryableError(`media ${request.media.id}: SHA-256 mismatch, downloading again`);
      }
      return { kind: 'unavailable', reason: 'the file arrived damaged (its SHA-256 checksum did not match)' };
    }
    const mime = download.description.mime_type || request.media.mime_type;
    const sha256 = download.digest.toString('hex');
    const bucket = MEDIA_BUCKETS.INBOUND;
    const key = [request.tenantId, request.whatsappMessageId, request.media.id]
      .map(encodeURIComponent)
      .join('/');
    await this.storage.put({
      bucket,
      key,
      body: download.bytes,
      contentType: mime,
      metadata: { sha256, 'whatsapp-media-id': request.media.id },
    });
    const url = await this.storage.presignGet(bucket, key, this.config.MEDIA_URL_TTL_SECONDS);
    return {
      kind: 'stored',
      attachment: {
        mediaType: rule.mediaType,
        url,
        mime,
        filename: fileNameFor(request.kind, request.media, mime),
        sha256,
        ...(request.media.caption ? { text: request.media.caption } : {}),
      },
    };
  }
}

/** The document's own name (made safe), or `<kind>-<media-id>.<extension>`. */
export function fileNameFor(kind: WhatsAppMediaKind, media: InboundMedia, mime: string): string {
  const own = media.filename
    // Path separators and control characters have no place in a name shown to the agent.
    ?.replace(/[\\/\p{Cc}]/gu, '_')
    .trim()
    .slice(0, 200);
  return own || `${kind}-${media.id}.${extensionForMimeType(mime)}`;
}
