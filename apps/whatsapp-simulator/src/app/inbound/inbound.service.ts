import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { newWamid } from '../common/ids.util';
import { SimulatorClock } from '../common/simulator-clock.service';
import { asyncErrorObject } from '../graph-errors/graph-error.catalog';
import { MediaStoreService } from '../media/media-store.service';
import { placeholderMediaBytes } from '../media/media-types.util';
import { PhoneNumber, PhoneNumbersService, WebhookTarget } from '../phone-numbers/phone-numbers.service';
import { DeliveryOptionsDto, toDeliveryRequest } from '../webhooks/webhook-delivery.dto';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';
import { DeliveredWebhook } from '../webhooks/webhook-delivery.types';
import { WebhookContact, WebhookEnvelope, buildWebhookEnvelope } from '../webhooks/webhook-envelope.factory';
import { type DeliverErrorsDto, InboundMessageDto } from './inbound.dto';
import { ResolvedInboundMessage, ResolvedMedia, buildInboundMessage } from './inbound-message.factory';

export const DEFAULT_USER_WA_ID = '15551234567';
export const DEFAULT_PROFILE_NAME = 'Jane Example';

type MediaMessage = Extract<
  InboundMessageDto,
  { type: 'image' | 'video' | 'audio' | 'document' | 'sticker' }
>;

function defaultMimeType(message: MediaMessage): string {
  switch (message.type) {
    case 'image':
      return 'image/jpeg';
    case 'video':
      return 'video/mp4';
    case 'audio':
      return message.voice ? 'audio/ogg; codecs=opus' : 'audio/mpeg';
    case 'document':
      return 'application/pdf';
    case 'sticker':
      return 'image/webp';
  }
}

function isMediaMessage(message: InboundMessageDto): message is MediaMessage {
  return ['image', 'video', 'audio', 'document', 'sticker'].includes(message.type);
}

/** Builds inbound message and system-error webhooks as WhatsApp would send them, and delivers them. */
@Injectable()
export class InboundService {
  constructor(
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly media: MediaStoreService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly clock: SimulatorClock,
  ) {}

  /** Resolves defaults and media, then builds the payload (exposed for tests of its shape). */
  buildMessagesPayload(target: WebhookTarget, messages: readonly InboundMessageDto[]): WebhookEnvelope {
    const phoneNumber = this.phoneNumbers.webhookIdentity(target);
    const resolved = messages.map((message) => this.resolve(message, phoneNumber));
    return buildWebhookEnvelope(phoneNumber, {
      ...(this.hasContacts(messages) ? { contacts: this.contacts(messages) } : {}),
      messages: resolved.map((message) => buildInboundMessage(message, phoneNumber.displayPhoneNumber)),
    });
  }

  async deliverMessages(
    target: WebhookTarget,
    messages: readonly InboundMessageDto[],
    options: DeliveryOptionsDto,
  ): Promise<DeliveredWebhook> {
    const payload = this.buildMessagesPayload(target, messages);
    const ids = payload.entry[0].changes[0].value.messages?.map((message) => message.id) ?? [];
    return this.send(payload, 'messages', ids, options);
  }

  buildErrorsPayload(target: WebhookTarget, errors: DeliverErrorsDto['errors']): WebhookEnvelope {
    const phoneNumber = this.phoneNumbers.webhookIdentity(target);
    return buildWebhookEnvelope(phoneNumber, {
      errors: errors.map((error) => asyncErrorObject(error.code, error.details)),
    });
  }

  deliverErrors(
    target: WebhookTarget,
    errors: DeliverErrorsDto['errors'],
    options: DeliveryOptionsDto,
  ): Promise<DeliveredWebhook> {
    return this.send(this.buildErrorsPayload(target, errors), 'errors', [], options);
  }

  private async send(
    payload: WebhookEnvelope,
    kind: 'messages' | 'errors',
    ids: string[],
    options: DeliveryOptionsDto,
  ): Promise<DeliveredWebhook> {
    const phoneNumberId = payload.entry[0].changes[0].value.metadata.phone_number_id;
    const request = toDeliveryRequest(options, {
      kind,
      body: Buffer.from(JSON.stringify(payload)),
      phoneNumberId,
      ids,
    });
    return { delivery: await this.deliveries.deliver(request, options.waitFor), payload };
  }

  private resolve(message: InboundMessageDto, phoneNumber: PhoneNumber): ResolvedInboundMessage {
    return {
      message,
      id: message.id ?? newWamid(),
      from: message.from ?? DEFAULT_USER_WA_ID,
      timestamp: message.timestamp ?? this.clock.unixSeconds(),
      ...(isMediaMessage(message) ? { media: this.resolveMedia(message, phoneNumber) } : {}),
    };
  }

  /** Uses the given media id (known or deliberately not), or creates downloadable media. */
  private resolveMedia(message: MediaMessage, phoneNumber: PhoneNumber): ResolvedMedia {
    if (message.mediaId !== undefined) {
      const stored = this.media.find(message.mediaId);
      return {
        id: message.mediaId,
        mime_type: message.mimeType ?? stored?.mimeType ?? defaultMimeType(message),
        sha256:
          message.sha256 ??
          stored?.sha256Base64 ??
          createHash('sha256').update(message.mediaId).digest('base64'),
      };
    }
    const mimeType = message.mimeType ?? defaultMimeType(message);
    const stored = this.media.add({
      bytes:
        message.contentBase64 === undefined
          ? placeholderMediaBytes(mimeType)
          : Buffer.from(message.contentBase64, 'base64'),
      mimeType,
      origin: 'inbound',
      phoneNumberId: phoneNumber.phoneNumberId,
      ...(message.type === 'document' ? { filename: message.filename } : {}),
    });
    return { id: stored.id, mime_type: mimeType, sha256: message.sha256 ?? stored.sha256Base64 };
  }

  private hasContacts(messages: readonly InboundMessageDto[]): boolean {
    return messages.some((message) => message.type !== 'customer_changed_number');
  }

  /** One contact per distinct sender; system messages carry none. */
  private contacts(messages: readonly InboundMessageDto[]): WebhookContact[] {
    const contacts = new Map<string, WebhookContact>();
    for (const message of messages) {
      if (message.type === 'customer_changed_number') continue;
      const waId = message.from ?? DEFAULT_USER_WA_ID;
      if (!contacts.has(waId))
        contacts.set(waId, { profile: { name: message.profileName ?? DEFAULT_PROFILE_NAME }, wa_id: waId });
    }
    return [...contacts.values()];
  }
}
