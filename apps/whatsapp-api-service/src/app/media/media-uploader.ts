import { pipeline } from 'node:stream';
import {
  MEDIA_BUCKETS,
  ObjectNotFoundError,
  type ObjectStorage,
} from '@switchboard/backend-data-access-object-storage';
import type { StoredOutboundMedia } from '@switchboard/shared-contracts';
import type { MediaIds } from '../delivery/media-ids.store';
import { multipartBody, type MultipartBody } from '../graph/multipart-body.util';
import type { Sender, WhatsAppGraphClient } from '../graph/whatsapp-graph.client';
import {
  StoredMediaUnusableError,
  UndeliverableError,
  WhatsAppUnavailableError,
} from '../graph/whatsapp.errors';
import type { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import { DigestCheck } from './digest-check.util';

export interface MediaIdOptions {
  /** Upload again even when an id is on record (WhatsApp refused it: 131053). */
  readonly fresh: boolean;
}

/**
 * The WhatsApp media id of an attachment outbound-transformer stored: the one on record for
 * these bytes and this number, or a new upload streamed from object storage (spec A4), checked
 * against the SHA-256 and size described. Only this tenant's objects in `media-outbound` are used.
 */
export class MediaUploader {
  constructor(
    private readonly storage: Pick<ObjectStorage, 'get'>,
    private readonly graph: Pick<WhatsAppGraphClient, 'uploadMedia'>,
    private readonly ids: MediaIds,
    private readonly metrics: WhatsAppMetrics,
  ) {}

  async mediaIdFor(sender: Sender, media: StoredOutboundMedia, options: MediaIdOptions): Promise<string> {
    const { tenantId, phoneNumberId } = sender;
    if (media.bucket !== MEDIA_BUCKETS.OUTBOUND || !media.key.startsWith(`${tenantId}/`)) {
      throw new UndeliverableError(
        `attachment ${media.bucket}/${media.key} is not one of tenant ${tenantId}'s outbound attachments`,
      );
    }
    if (options.fresh) {
      await this.ids.forget(tenantId, phoneNumberId, media.sha256);
    } else {
      const known = await this.ids.find(tenantId, phoneNumberId, media.sha256);
      if (known) {
        this.metrics.recordMedia('cached');
        return known;
      }
    }
    let check: DigestCheck | undefined;
    const openBody = async (): Promise<MultipartBody> => {
      check = new DigestCheck(media.sha256, media.sizeBytes, `attachment ${media.bucket}/${media.key}`);
      return this.openUpload(media, check);
    };
    let answer: Awaited<ReturnType<WhatsAppGraphClient['uploadMedia']>>;
    try {
      answer = await this.graph.uploadMedia(sender, openBody);
    } catch (error) {
      // The upload broke because the stored bytes were not the described ones: say that, not "network".
      if (check?.failure) throw check.failure;
      throw error;
    }
    if ('unreadable' in answer) {
      throw new WhatsAppUnavailableError(
        'server_error',
        `WhatsApp answered the upload unreadably: ${answer.unreadable}`,
      );
    }
    await this.ids.remember(tenantId, phoneNumberId, media.sha256, answer.mediaId);
    this.metrics.recordMedia(options.fresh ? 'reuploaded' : 'uploaded');
    return answer.mediaId;
  }

  private async openUpload(media: StoredOutboundMedia, check: DigestCheck): Promise<MultipartBody> {
    let object: Awaited<ReturnType<ObjectStorage['get']>>;
    try {
      object = await this.storage.get(media.bucket, media.key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        throw new StoredMediaUnusableError(
          `attachment ${media.bucket}/${media.key} is no longer in storage`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    if (object.contentLength !== undefined && object.contentLength !== media.sizeBytes) {
      object.body.destroy();
      throw new StoredMediaUnusableError(
        `attachment ${media.bucket}/${media.key} has ${object.contentLength} bytes, ${media.sizeBytes} were described`,
      );
    }
    // Errors of either stream end the upload; the check's failure is read back after it.
    const verified = pipeline(object.body, check, () => undefined);
    return multipartBody({ messaging_product: 'whatsapp', type: media.mimeType }, 'file', {
      stream: verified,
      size: media.sizeBytes,
      filename: media.filename ?? `${media.kind}-${media.sha256.slice(0, 12)}`,
      contentType: media.mimeType,
    });
  }
}
