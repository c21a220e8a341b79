import { Inject, Injectable } from '@nestjs/common';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { asyncErrorObject } from '../graph-errors/graph-error.catalog';
import { PhoneNumbersService, type WebhookTarget } from '../phone-numbers/phone-numbers.service';
import { type RecordedSend, SendLogService } from '../sends/send-log.service';
import { DeliveryOptionsDto, toDeliveryRequest } from '../webhooks/webhook-delivery.dto';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';
import { DeliveredWebhook } from '../webhooks/webhook-delivery.types';
import { buildWebhookEnvelope } from '../webhooks/webhook-envelope.factory';
import { StatusInput } from './statuses.dto';
import { type PricingCategory, buildStatus } from './status.factory';

const UNKNOWN_RECIPIENT = '15551234567';

/** What a status of this send carries unless told otherwise: its recipient, category and callback data. */
export function statusDefaultsOf(
  send: RecordedSend,
): Pick<StatusInput, 'recipientId' | 'category' | 'bizOpaqueCallbackData'> {
  const callbackData = send.payload['biz_opaque_callback_data'];
  const category: PricingCategory = send.type === 'template' ? 'utility' : 'service';
  return {
    ...(send.waId === undefined ? {} : { recipientId: send.waId }),
    category,
    ...(typeof callbackData === 'string' ? { bizOpaqueCallbackData: callbackData } : {}),
  };
}

/** Builds and delivers status webhooks for our messages, filling what it knows from the send log. */
@Injectable()
export class StatusesService {
  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly sends: SendLogService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly clock: SimulatorClock,
  ) {}

  async deliver(
    target: WebhookTarget,
    inputs: readonly StatusInput[],
    options: DeliveryOptionsDto,
  ): Promise<DeliveredWebhook> {
    const firstSend = this.sends.findMessage(inputs[0].id);
    const phoneNumber = this.phoneNumbers.webhookIdentity({
      ...target,
      phoneNumberId: target.phoneNumberId ?? firstSend?.phoneNumberId,
    });
    const statuses = inputs.map((input) => {
      const send = this.sends.findMessage(input.id);
      const known = send ? statusDefaultsOf(send) : {};
      return buildStatus({
        id: input.id,
        status: input.status,
        recipientId: input.recipientId ?? known.recipientId ?? UNKNOWN_RECIPIENT,
        timestamp: input.timestamp ?? this.clock.unixSeconds(),
        phoneNumberId: phoneNumber.phoneNumberId,
        category: input.category ?? known.category ?? 'service',
        errors: [
          asyncErrorObject(input.errorCode ?? this.config.AUTO_STATUS_FAILED_CODE, input.errorDetails),
        ],
        bizOpaqueCallbackData: input.bizOpaqueCallbackData ?? known.bizOpaqueCallbackData,
        conversationId: input.conversationId,
      });
    });
    const payload = buildWebhookEnvelope(phoneNumber, { statuses });
    const delivery = await this.deliveries.deliver(
      toDeliveryRequest(options, {
        kind: 'statuses',
        body: Buffer.from(JSON.stringify(payload)),
        phoneNumberId: phoneNumber.phoneNumberId,
        ids: inputs.map((input) => input.id),
      }),
      options.waitFor,
    );
    return { delivery, payload };
  }
}
