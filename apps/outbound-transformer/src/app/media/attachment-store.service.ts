import { Inject, Injectable, Logger } from '@nestjs/common';
import { MEDIA_BUCKETS, ObjectStorage } from '@switchboard/backend-data-access-object-storage';
import { RetryableError } from '@switchboard/backend-util-messaging';
import {
  SafeFetchRefusedError,
  SafeFetcher,
  formatByteSize,
  genesysReasonForSafeFetchRefusal,
  ByteBudget,
} from '@switchboard/backend-util-safe-fetch';
import type { StoredOutboundMedia } from '@switchboard/shared-contracts';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';
import type { PlannedAttachment } from '../mapping/outbound-content.planner';
import type { FetchedAttachment } from '../mapping/whatsapp-parts.builder';
import { OutboundMetrics } from '../metrics/outbound.metrics';
import { MessageFailure } from '../pipeline/message-failure.error';
import { checkDownloadedSize, downloadLimitsFor, mediaKindOf, outboundFilename } from './media-kind.util';

export interface AttachmentBatch {
  readonly tenantId: string;
  readonly genesysMessageId: string;
  readonly attachments: readonly PlannedAttachment[];
  /** Deliveries of the message before this one (Envelope.attempt). */
  readonly attempt: number;
}

/** `<tenantId>/<genesysMessageId>/<index>`: the same key on a retry, so storing is idempotent. */
export function outboundMediaKey(tenantId: string, genesysMessageId: string, index: number): string {
  return `${tenantId}/${genesysMessageId}/${index}`;
}

/**
 * Fetches an agent's attachments safely (util-safe-fetch: https only, every resolved address
 * checked and pinned, redirects re-checked, the kind's size cap while streaming, the type sniffed
 * and compared with the declared one) and stores them in `media-outbound` for
 * whatsapp-api-service to upload. One at a time, in order; the bytes held in memory by all
 * handlers together stay within MEDIA_MAX_IN_FLIGHT_BYTES.
 *
 * A refusal fails the message (MessageFailure with the receipt reason of the refusal, naming the
 * attachment, never its URL); a passing one (timeout, unreachable host, 5xx) is retried first.
 */
@Injectable()
export class AttachmentStore {
  private readonly logger = new Logger(AttachmentStore.name);
  private readonly memory: ByteBudget;

  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly storage: ObjectStorage,
    private readonly metrics: OutboundMetrics,
    @Inject(OUTBOUND_TRANSFORMER_CONFIG) private readonly config: OutboundTransformerConfig,
  ) {
    this.memory = new ByteBudget(config.MEDIA_MAX_IN_FLIGHT_BYTES);
  }

  async fetchAll(batch: AttachmentBatch): Promise<FetchedAttachment[]> {
    const fetched: FetchedAttachment[] = [];
    for (const attachment of batch.attachments) {
      const media = await this.fetchOne(batch, attachment).catch((error: unknown) => {
        throw this.failure(batch, attachment, error);
      });
      fetched.push({ media, ...(attachment.caption !== undefined && { caption: attachment.caption }) });
    }
    return fetched;
  }

  private async fetchOne(
    batch: AttachmentBatch,
    attachment: PlannedAttachment,
  ): Promise<StoredOutboundMedia> {
    const limits = downloadLimitsFor(attachment.mediaType, attachment.declaredMimeType);
    if (attachment.contentSizeBytes !== undefined && attachment.contentSizeBytes > limits.maxBytes) {
      throw new SafeFetchRefusedError(
        'too_large',
        `The attachment is larger than ${formatByteSize(limits.maxBytes)}.`,
        {
          detail: `Genesys announced ${attachment.contentSizeBytes} bytes`,
        },
      );
    }
    const release = await this.memory.acquire(limits.maxBytes);
    try {
      const download = await this.fetcher.download(attachment.url, {
        ...limits,
        ...(attachment.declaredMimeType !== undefined && { declaredMimeType: attachment.declaredMimeType }),
      });
      const kind = mediaKindOf(attachment.mediaType, download.mimeType);
      checkDownloadedSize(kind, download.bytes);
      const key = outboundMediaKey(batch.tenantId, batch.genesysMessageId, attachment.index);
      await this.storage.put({
        bucket: MEDIA_BUCKETS.OUTBOUND,
        key,
        body: download.bytes,
        contentType: download.mimeType,
        metadata: { sha256: download.sha256 },
      });
      this.metrics.stored(kind);
      const filename = outboundFilename(kind, download.mimeType, attachment.index, attachment.filename);
      return {
        kind,
        bucket: MEDIA_BUCKETS.OUTBOUND,
        key,
        mimeType: download.mimeType,
        sizeBytes: download.size,
        sha256: download.sha256,
        ...(filename !== undefined && { filename }),
      };
    } finally {
      release();
    }
  }

  /** What a failed attachment means for the message: a retry, or a Failed outcome naming it. */
  private failure(batch: AttachmentBatch, attachment: PlannedAttachment, error: unknown): unknown {
    if (!(error instanceof SafeFetchRefusedError)) return error;
    this.metrics.mediaRefused(error.reason);
    const name = attachmentName(attachment);
    this.logger.warn(
      `${name} of Genesys message ${batch.genesysMessageId} refused (${error.reason}): ${error.detail ?? error.message}`,
    );
    if (error.retryable && batch.attempt + 1 < this.config.MEDIA_FETCH_ATTEMPTS) {
      return new RetryableError(`${name}: ${error.message}`, { cause: error });
    }
    return new MessageFailure(
      genesysReasonForSafeFetchRefusal(error.reason),
      `${capitalised(name)} could not be sent: ${error.message}`,
      { detail: error.detail },
    );
  }
}

/** `attachment 2 (receipt.pdf)`: how messages and logs name an attachment (never by its URL). */
export function attachmentName(attachment: PlannedAttachment): string {
  const filename = outboundFilename('image', '', attachment.index, attachment.filename);
  return filename === undefined
    ? `attachment ${attachment.index + 1}`
    : `attachment ${attachment.index + 1} (${filename})`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
