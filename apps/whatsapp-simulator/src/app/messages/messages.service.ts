import { Injectable } from '@nestjs/common';
import { newWamid } from '../common/ids.util';
import { SendLogService } from '../sends/send-log.service';
import { AutoStatusService } from '../statuses/auto-status.service';
import { validateSendRequest } from './message-request.validator';

export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status: 'accepted' }[];
}

export interface SuccessResponse {
  success: true;
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly sends: SendLogService,
    private readonly autoStatus: AutoStatusService,
  ) {}

  /** Validates, records and answers a send (samples/wa-send-response.json) or a mark-as-read. */
  send(phoneNumberId: string, body: unknown): SendMessageResponse | SuccessResponse {
    const validated = validateSendRequest(body);
    const payload = body as Record<string, unknown>;
    if (validated.kind !== 'message') {
      this.sends.record({ kind: validated.kind, phoneNumberId, wamid: validated.messageId, payload });
      return { success: true };
    }
    const wamid = newWamid();
    const recorded = this.sends.record({
      kind: 'message',
      phoneNumberId,
      to: validated.to,
      waId: validated.waId,
      type: validated.type,
      wamid,
      payload,
    });
    this.autoStatus.schedule(recorded);
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: validated.to, wa_id: validated.waId }],
      messages: [{ id: wamid, message_status: 'accepted' }],
    };
  }
}
