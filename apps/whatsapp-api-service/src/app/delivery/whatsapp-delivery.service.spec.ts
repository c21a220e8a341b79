import { InternalServiceUnavailableError } from '@switchboard/backend-data-access-platform-clients';
import { PermanentError, resolveRetryPolicy, RetryableError } from '@switchboard/backend-util-messaging';
import {
  createEnvelope,
  PIPELINE_MESSAGE_TYPES,
  type Envelope,
  type RecordMessageRequest,
  type StoredOutboundMedia,
  type WhatsAppDelivery,
  type WhatsAppDeliveryOf,
  type WhatsAppDeliveryOutcome,
  type WhatsAppSendMessageRequest,
  type WhatsAppSendPart,
} from '@switchboard/shared-contracts';
import { Registry } from 'prom-client';
import type { SendAnswer, Sender } from '../graph/whatsapp-graph.client';
import {
  UndeliverableError,
  WhatsAppRateLimitedError,
  WhatsAppRequestRejectedError,
  WhatsAppUnavailableError,
  WhatsAppUnexpectedAnswerError,
} from '../graph/whatsapp.errors';
import { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import type { NumberRoutes } from './number-routes';
import type { StoredPart } from './sent-parts.store';
import { WhatsAppDeliveryService, type DeliveryAttempt } from './whatsapp-delivery.service';

const TENANT = 'tenant-a';
const CUSTOMER = '15551234567';
const NOW = new Date('2025-06-01T10:00:00.000Z');

const media: StoredOutboundMedia = {
  kind: 'image',
  bucket: 'media-outbound',
  key: `${TENANT}/g-1/1`,
  mimeType: 'image/png',
  sizeBytes: 1234,
  sha256: 'b'.repeat(64),
};

const textPart = (body: string) => ({
  request: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: CUSTOMER,
    type: 'text',
    text: { body },
  },
});

function message(
  parts: WhatsAppSendPart[] = [textPart('one'), textPart('two'), textPart('three')],
): WhatsAppDeliveryOf<'message'> {
  return {
    kind: 'message',
    integrationId: 'integration-1',
    phoneNumberId: '109876543210001',
    customerWaId: CUSTOMER,
    genesysMessageId: 'g-1',
    conversationId: 'conversation-1',
    parts,
  };
}

const envelopeOf = (payload: WhatsAppDelivery): Envelope<WhatsAppDelivery> =>
  createEnvelope({ tenantId: TENANT, type: PIPELINE_MESSAGE_TYPES.WHATSAPP_SEND, payload });

const FIRST: DeliveryAttempt = { attempt: 0, retryLaterCount: 0, redelivered: false };
const LAST: DeliveryAttempt = { attempt: 4, retryLaterCount: 0, redelivered: false };

const rejected = (code: number, category?: 'customer-service-window' | 'media' | 'invalid-request') =>
  new WhatsAppRequestRejectedError(`refused ${code}`, {
    status: 400,
    code,
    category,
    message: `error ${code}`,
  });

type Reply = SendAnswer | Error;

describe(WhatsAppDeliveryService.name, () => {
  let replies: Reply[];
  let sends: WhatsAppSendMessageRequest[];
  let stored: Map<string, StoredPart>;
  let storeReadable: boolean;
  let records: RecordMessageRequest[];
  let recordFailures: number;
  let published: WhatsAppDeliveryOutcome[];
  let mediaCalls: boolean[];
  let mediaReplies: (string | Error)[];
  let typing: WhatsAppDeliveryOf<'typing'>[];
  let routeError: Error | undefined;
  let sut: WhatsAppDeliveryService;

  beforeEach(() => {
    replies = [];
    sends = [];
    stored = new Map();
    storeReadable = true;
    records = [];
    recordFailures = 0;
    published = [];
    mediaCalls = [];
    mediaReplies = [];
    typing = [];
    routeError = undefined;
    let wamids = 0;
    const sender: Sender = { tenantId: TENANT, phoneNumberId: '109876543210001', throughputTier: 80 };
    sut = new WhatsAppDeliveryService({
      routes: {
        resolve: async () => {
          if (routeError) throw routeError;
          return sender;
        },
      } as unknown as NumberRoutes,
      graph: {
        sendMessage: async (_sender, body) => {
          sends.push(body);
          const reply = replies.shift() ?? { wamid: `wamid.${++wamids}` };
          if (reply instanceof Error) throw reply;
          return reply;
        },
      },
      media: {
        mediaIdFor: async (_sender, _media, options) => {
          mediaCalls.push(options.fresh);
          const reply = mediaReplies.shift() ?? 'media-1';
          if (reply instanceof Error) throw reply;
          return reply;
        },
      },
      sent: {
        find: async (tenantId, genesysMessageId, count) =>
          storeReadable
            ? Array.from({ length: count }, (_, index) =>
                stored.get(`${tenantId}:${genesysMessageId}:${index}`),
              )
            : undefined,
        remember: async (tenantId, genesysMessageId, index, part) => {
          stored.set(`${tenantId}:${genesysMessageId}:${index}`, part);
        },
      },
      stateManager: {
        recordMessage: async (_tenantId, request) => {
          if (recordFailures > 0) {
            recordFailures -= 1;
            throw new InternalServiceUnavailableError('state-manager answered 503');
          }
          records.push(request);
          return {} as never;
        },
      },
      outcomes: {
        publish: async (_envelope, outcome) => {
          published.push(outcome);
        },
      },
      typing: {
        show: async (_tenantId, delivery) => {
          typing.push(delivery);
        },
      },
      metrics: new WhatsAppMetrics(new Registry()),
      retryPolicy: resolveRetryPolicy({ maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 10, maxRetryLater: 3 }),
      now: () => NOW,
    });
  });

  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('sends each part in order, records each with its index, then publishes the sent outcome', async () => {
    await sut.deliver(envelopeOf(message()), FIRST);

    expect(sends.map((body) => (body as { text: { body: string } }).text.body)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(records).toEqual(
      ['wamid.1', 'wamid.2', 'wamid.3'].map((whatsappMessageId, index) => ({
        direction: 'outbound',
        whatsappMessageId,
        genesysMessageId: 'g-1',
        conversationId: 'conversation-1',
        integrationId: 'integration-1',
        phoneNumberId: '109876543210001',
        customerWaId: CUSTOMER,
        at: NOW.toISOString(),
        part: { index, count: 3 },
      })),
    );
    expect(published).toEqual([
      {
        outcome: 'sent',
        integrationId: 'integration-1',
        phoneNumberId: '109876543210001',
        customerWaId: CUSTOMER,
        genesysMessageId: 'g-1',
        conversationId: 'conversation-1',
        at: NOW.toISOString(),
        whatsappMessageIds: ['wamid.1', 'wamid.2', 'wamid.3'],
      },
    ]);
  });

  it('writes each wamid to the record before the next part is sent', async () => {
    replies = [{ wamid: 'wamid.first' }, new WhatsAppUnavailableError('server_error', 'HTTP 500')];

    await failureOf(sut.deliver(envelopeOf(message()), FIRST));

    expect([...stored.values()]).toEqual([{ wamid: 'wamid.first', sentAt: NOW.toISOString() }]);
  });

  it('sends only the missing parts of a half-sent message, and publishes every wamid', async () => {
    stored.set(`${TENANT}:g-1:0`, { wamid: 'wamid.earlier', sentAt: '2025-06-01T09:59:00.000Z' });

    await sut.deliver(envelopeOf(message()), { attempt: 1, retryLaterCount: 0, redelivered: false });

    expect(sends.map((body) => (body as { text: { body: string } }).text.body)).toEqual(['two', 'three']);
    expect(published[0]).toMatchObject({
      outcome: 'sent',
      whatsappMessageIds: ['wamid.earlier', 'wamid.1', 'wamid.2'],
    });
    expect(records[0]).toMatchObject({ whatsappMessageId: 'wamid.earlier', at: '2025-06-01T09:59:00.000Z' });
  });

  it('sends nothing again when only state-manager failed, and records and publishes on the retry', async () => {
    recordFailures = 1;
    const first = await failureOf(sut.deliver(envelopeOf(message()), FIRST));

    await sut.deliver(envelopeOf(message()), { attempt: 1, retryLaterCount: 0, redelivered: false });

    expect(first).toBeInstanceOf(InternalServiceUnavailableError);
    expect(sends).toHaveLength(3);
    expect(records.map((record) => record.whatsappMessageId)).toEqual(['wamid.1', 'wamid.2', 'wamid.3']);
    expect(published).toEqual([expect.objectContaining({ outcome: 'sent' })]);
  });

  it('does not tell the agent a fully sent message failed, even when its bookkeeping gives up', async () => {
    recordFailures = 10;

    const error = await failureOf(sut.deliver(envelopeOf(message()), LAST));

    expect(error).toBeInstanceOf(InternalServiceUnavailableError);
    expect(published).toEqual([]);
  });

  it('fails 131047 at once with MessageExpired and a template required, acknowledged, nothing retried', async () => {
    replies = [rejected(131047, 'customer-service-window')];

    await sut.deliver(envelopeOf(message()), FIRST);

    expect(sends).toHaveLength(1);
    expect(published).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        whatsappMessageIds: [],
        failure: expect.objectContaining({
          stage: 'send',
          reason: 'MessageExpired',
          whatsappErrorCode: 131047,
          templateRequired: true,
        }),
      }),
    ]);
  });

  it('names the parts the customer did get in a failed outcome, and records them', async () => {
    replies = [{ wamid: 'wamid.got-it' }, rejected(131026)];

    await sut.deliver(envelopeOf(message()), FIRST);

    expect(published[0]).toMatchObject({
      outcome: 'failed',
      whatsappMessageIds: ['wamid.got-it'],
      failure: { reason: 'InvalidDestination' },
    });
    expect(records.map((record) => [record.whatsappMessageId, record.part])).toEqual([
      ['wamid.got-it', { index: 0, count: 3 }],
    ]);
  });

  it('retries a 5xx without telling the agent, and fails with ServerError and a dead letter on the last attempt', async () => {
    replies = [new WhatsAppUnavailableError('server_error', 'HTTP 500')];
    const early = await failureOf(sut.deliver(envelopeOf(message()), FIRST));
    expect(early).toBeInstanceOf(WhatsAppUnavailableError);
    expect(published).toEqual([]);

    replies = [new WhatsAppUnavailableError('server_error', 'HTTP 500')];
    const last = await failureOf(sut.deliver(envelopeOf(message()), LAST));

    expect(last).toBeInstanceOf(WhatsAppUnavailableError);
    expect(published).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        failure: expect.objectContaining({ reason: 'ServerError' }),
      }),
    ]);
  });

  it('fails with RateLimited once a message used up its waits', async () => {
    replies = [new WhatsAppRateLimitedError(60_000, 'code 80007', { code: 80007, message: 'x' })];

    const error = await failureOf(
      sut.deliver(envelopeOf(message()), { attempt: 0, retryLaterCount: 3, redelivered: false }),
    );

    expect(error).toBeInstanceOf(WhatsAppRateLimitedError);
    expect(published[0]).toMatchObject({
      outcome: 'failed',
      failure: { reason: 'RateLimited', whatsappErrorCode: 80007 },
    });
  });

  it('sends nothing of a message whose body is invalid: InvalidMessageStructure and a dead letter', async () => {
    const error = await failureOf(sut.deliver(envelopeOf(message([textPart('ok'), textPart('')])), FIRST));

    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/^invalid WhatsApp send body: text\.body: /);
    expect(sends).toEqual([]);
    expect(published[0]).toMatchObject({
      outcome: 'failed',
      whatsappMessageIds: [],
      failure: { reason: 'InvalidMessageStructure' },
    });
  });

  it('dead-letters 131008 (a bug) after telling the agent', async () => {
    replies = [rejected(131008, 'invalid-request')];

    const error = await failureOf(sut.deliver(envelopeOf(message()), FIRST));

    expect(error).toBeInstanceOf(WhatsAppRequestRejectedError);
    expect(published[0]).toMatchObject({
      failure: { reason: 'InvalidMessageStructure', whatsappErrorCode: 131008 },
    });
  });

  describe('media', () => {
    const mediaMessage = () =>
      message([
        {
          request: {
            messaging_product: 'whatsapp',
            to: CUSTOMER,
            type: 'image',
            image: { caption: 'Receipt' },
          },
          media,
        },
      ]);

    it('sends a media part by the id of its upload', async () => {
      mediaReplies = ['4142352417329150'];

      await sut.deliver(envelopeOf(mediaMessage()), FIRST);

      expect(sends).toEqual([
        {
          messaging_product: 'whatsapp',
          to: CUSTOMER,
          type: 'image',
          image: { caption: 'Receipt', id: '4142352417329150' },
        },
      ]);
      expect(mediaCalls).toEqual([false]);
    });

    it('uploads again once after 131053 and sends with the new id', async () => {
      mediaReplies = ['old-id', 'new-id'];
      replies = [rejected(131053, 'media')];

      await sut.deliver(envelopeOf(mediaMessage()), FIRST);

      expect(mediaCalls).toEqual([false, true]);
      expect(sends.map((body) => (body as { image: { id: string } }).image.id)).toEqual(['old-id', 'new-id']);
      expect(published[0]).toMatchObject({ outcome: 'sent' });
    });

    it('fails with MediaTypeNotAllowed when the re-upload is refused too', async () => {
      mediaReplies = ['old-id', rejected(131053, 'media')];
      replies = [rejected(131053, 'media')];

      await sut.deliver(envelopeOf(mediaMessage()), FIRST);

      expect(mediaCalls).toEqual([false, true]);
      expect(published[0]).toMatchObject({
        outcome: 'failed',
        failure: { reason: 'MediaTypeNotAllowed', whatsappErrorCode: 131053 },
      });
    });
  });

  it('does not send when it cannot tell which parts an earlier run sent', async () => {
    storeReadable = false;

    const error = await failureOf(
      sut.deliver(envelopeOf(message()), { attempt: 2, retryLaterCount: 0, redelivered: false }),
    );

    expect(error).toBeInstanceOf(RetryableError);
    expect(sends).toEqual([]);
  });

  it('sends a first delivery even when the record cannot be read (no earlier run could have sent)', async () => {
    storeReadable = false;

    await sut.deliver(envelopeOf(message()), FIRST);

    expect(sends).toHaveLength(3);
  });

  it('never sends a part again that WhatsApp took with an unreadable answer', async () => {
    replies = [{ unreadable: 'no wamid in WhatsApp’s answer' }];
    const first = await failureOf(sut.deliver(envelopeOf(message()), FIRST));

    const second = await failureOf(
      sut.deliver(envelopeOf(message()), { attempt: 1, retryLaterCount: 0, redelivered: true }),
    );

    expect(first).toBeInstanceOf(WhatsAppUnexpectedAnswerError);
    expect(second).toBeInstanceOf(WhatsAppUnexpectedAnswerError);
    expect(sends).toHaveLength(1);
    expect(published.map((outcome) => outcome.outcome === 'failed' && outcome.failure.reason)).toEqual([
      'GeneralError',
      'GeneralError',
    ]);
  });

  it('dead-letters a delivery for another tenant’s number without sending or telling anyone', async () => {
    routeError = new UndeliverableError('phone number 109876543210001 does not belong to tenant tenant-a');

    const error = await failureOf(sut.deliver(envelopeOf(message()), FIRST));

    expect(error).toBe(routeError);
    expect(sends).toEqual([]);
    expect(published).toEqual([]);
  });

  it('hands typing events to the typing sender', async () => {
    const event: WhatsAppDeliveryOf<'typing'> = {
      kind: 'typing',
      integrationId: 'integration-1',
      phoneNumberId: '109876543210001',
      customerWaId: CUSTOMER,
      genesysMessageId: 'event-1',
      replyToWhatsappMessageId: 'wamid.IN1',
    };

    await sut.deliver(envelopeOf(event), FIRST);

    expect(typing).toEqual([event]);
    expect(sends).toEqual([]);
  });
});
