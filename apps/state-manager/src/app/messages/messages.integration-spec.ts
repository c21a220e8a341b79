import type { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import {
  SERVICES,
  STATE_MANAGER_PATHS,
  type RecordMessageRequest,
  type WhatsAppMessageStatusValue,
} from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import {
  correlationFor,
  isoAt,
  numberFixture,
  randomDigits,
  randomWamid,
  type NumberFixture,
} from '../../testing/fixtures.util';
import { TestIdentities } from '../../testing/identities.util';
import { StateManagerHarness } from '../../testing/state-manager-harness.util';
import { CorrelationService } from '../correlation/correlation.service';
import { MessagesService } from './messages.service';

describe(MessagesService.name, () => {
  let harness: StateManagerHarness;
  let identities: TestIdentities;
  let number: NumberFixture;
  let whatsappApi: StateManagerClient;
  let inboundTransformer: StateManagerClient;

  beforeAll(async () => {
    identities = await TestIdentities.create();
    harness = await StateManagerHarness.start({ label: 'messages', identities });
    number = numberFixture();
    whatsappApi = harness.client(SERVICES.WHATSAPP_API.name);
    inboundTransformer = harness.client(SERVICES.INBOUND_TRANSFORMER.name);
  });

  afterAll(() => harness.destroy());

  const outbound = (overrides: Partial<RecordMessageRequest> = {}): RecordMessageRequest => ({
    direction: 'outbound',
    whatsappMessageId: randomWamid(),
    genesysMessageId: randomUUID(),
    integrationId: number.integrationId,
    phoneNumberId: number.phoneNumberId,
    customerWaId: randomDigits(),
    at: new Date().toISOString(),
    ...overrides,
  });
  const sent = async () => {
    const request = outbound();
    await whatsappApi.recordMessage(number.tenantId, request);
    return request.whatsappMessageId;
  };
  const apply = (wamid: string, status: WhatsAppMessageStatusValue, at = new Date().toISOString()) =>
    inboundTransformer.applyStatus(number.tenantId, wamid, { status, at });
  const statusCount = async (outcome: string) =>
    (await register.getSingleMetric('switchboard_message_statuses_total')?.get())?.values
      .filter((value) => value.labels['outcome'] === outcome)
      .reduce((sum, value) => sum + value.value, 0) ?? 0;

  describe('recording', () => {
    it('records an outbound message (201) and answers the same row for its wamid again (200)', async () => {
      const request = outbound();
      const path = STATE_MANAGER_PATHS.messages(number.tenantId);
      const token = await identities.serviceToken(SERVICES.WHATSAPP_API.name);

      const first = await harness.request<{ id: string }>('POST', path, { token, json: request });
      const again = await harness.request<{ id: string }>('POST', path, {
        token,
        json: { ...request, at: isoAt(request.at, 5) },
      });

      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      expect(first.body).toMatchObject({
        direction: 'outbound',
        whatsappMessageId: request.whatsappMessageId,
        genesysMessageId: request.genesysMessageId,
        conversationId: null,
        status: 'accepted',
        statusHistory: [{ status: 'accepted', at: request.at }],
      });
    });

    it("takes the customer's active conversation when the request names none, and counts it as activity", async () => {
      const customer = randomDigits();
      const correlation = correlationFor(number, customer, { messageTime: isoAt(new Date(), -600) });
      await harness.app.get(CorrelationService).apply(number.tenantId, correlation);
      const reply = outbound({ customerWaId: customer });

      const message = await whatsappApi.recordMessage(number.tenantId, reply);
      const conversation = await whatsappApi.activeConversation(
        number.tenantId,
        number.phoneNumberId,
        customer,
      );

      expect(message.conversationId).toBe(correlation.conversationId);
      expect(conversation).toMatchObject({
        lastActivityAt: reply.at,
        lastInboundAt: correlation.messageTime,
        lastInboundMessageId: correlation.whatsappMessageId,
      });
    });

    it("moves the conversation's last inbound message forward only when an inbound message is recorded", async () => {
      const customer = randomDigits();
      const now = new Date();
      const correlation = correlationFor(number, customer, { messageTime: isoAt(now, -60) });
      await harness.app.get(CorrelationService).apply(number.tenantId, correlation);
      const inbound = (seconds: number) =>
        outbound({ direction: 'inbound', customerWaId: customer, at: isoAt(now, seconds) });
      const newer = inbound(0);
      const older = inbound(-30);

      await inboundTransformer.recordMessage(number.tenantId, newer);
      const afterNewer = await inboundTransformer.activeConversation(
        number.tenantId,
        number.phoneNumberId,
        customer,
      );
      await inboundTransformer.recordMessage(number.tenantId, older);
      const afterOlder = await inboundTransformer.activeConversation(
        number.tenantId,
        number.phoneNumberId,
        customer,
      );

      expect(afterNewer).toMatchObject({
        lastInboundAt: newer.at,
        lastInboundMessageId: newer.whatsappMessageId,
      });
      expect(afterOlder).toMatchObject({
        lastInboundAt: newer.at,
        lastInboundMessageId: newer.whatsappMessageId,
        lastActivityAt: newer.at,
      });
    });

    it('answers 409 for a Genesys message id already tracked with another wamid', async () => {
      const request = outbound();
      await whatsappApi.recordMessage(number.tenantId, request);

      const response = await harness.request<{ message: string }>(
        'POST',
        STATE_MANAGER_PATHS.messages(number.tenantId),
        {
          token: await identities.serviceToken(SERVICES.WHATSAPP_API.name),
          json: { ...request, whatsappMessageId: randomWamid() },
        },
      );

      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/tracked for another WhatsApp message/);
    });

    it('finds a message by its wamid and by its Genesys id', async () => {
      const request = outbound();
      const recorded = await whatsappApi.recordMessage(number.tenantId, request);

      expect(
        await inboundTransformer.messageByWhatsAppId(number.tenantId, request.whatsappMessageId),
      ).toEqual(recorded);
      expect(await inboundTransformer.messageByGenesysId(number.tenantId, request.genesysMessageId)).toEqual(
        recorded,
      );
      expect(await inboundTransformer.messageByWhatsAppId(number.tenantId, randomWamid())).toBeNull();
    });
  });

  describe('status transitions', () => {
    it('answers Delivered for read arriving before delivered, then ignores the late delivered', async () => {
      const wamid = await sent();
      const t0 = new Date().toISOString();

      const read = await apply(wamid, 'read', isoAt(t0, 2));
      const delivered = await apply(wamid, 'delivered', isoAt(t0, 1));

      expect(read).toMatchObject({ applied: true, previousStatus: 'accepted', receipt: 'Delivered' });
      expect(delivered).toMatchObject({ applied: false, previousStatus: 'read', receipt: null });
      expect(delivered?.message.status).toBe('read');
      expect(delivered?.message.statusHistory).toEqual([
        expect.objectContaining({ status: 'accepted' }),
        { status: 'read', at: isoAt(t0, 2) },
      ]);
    });

    it('applies one of 8 concurrent delivered statuses; the repeats answer its Delivered again without applying', async () => {
      const wamid = await sent();
      const ignoredBefore = await statusCount('ignored');

      const answers = await Promise.all(Array.from({ length: 8 }, () => apply(wamid, 'delivered')));

      expect(answers.filter((answer) => answer?.applied)).toEqual([
        expect.objectContaining({ applied: true, receipt: 'Delivered' }),
      ]);
      expect(answers.every((answer) => answer?.receipt === 'Delivered')).toBe(true);
      expect(answers.every((answer) => answer?.receipt !== 'Failed')).toBe(true);
      expect(await statusCount('ignored')).toBe(ignoredBefore + 7);
      const stored = await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid);
      expect(stored?.statusHistory.map((change) => change.status)).toEqual(['accepted', 'delivered']);
    });

    it('answers one Delivered among delivered, read and played racing each other', async () => {
      const wamid = await sent();

      const answers = await Promise.all(
        (['delivered', 'read', 'played', 'delivered', 'read'] as const).map((status) => apply(wamid, status)),
      );

      expect(answers.filter((answer) => answer?.applied && answer.receipt === 'Delivered')).toHaveLength(1);
      expect(answers.every((answer) => answer?.receipt !== 'Failed')).toBe(true);
      expect((await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid))?.status).toBe('played');
    });

    it('answers Failed for failed after read, again for a repeated failed, and nothing moves a failed message', async () => {
      const wamid = await sent();
      await apply(wamid, 'sent');
      await apply(wamid, 'read');

      const failed = await apply(wamid, 'failed');
      const again = await apply(wamid, 'failed');
      const played = await apply(wamid, 'played');

      expect(failed).toMatchObject({ applied: true, previousStatus: 'read', receipt: 'Failed' });
      expect(again).toMatchObject({ applied: false, previousStatus: 'failed', receipt: 'Failed' });
      expect(played).toMatchObject({ applied: false, previousStatus: 'failed', receipt: null });
      expect(failed?.message.statusHistory.map((change) => change.status)).toEqual([
        'accepted',
        'sent',
        'read',
        'failed',
      ]);
    });

    it('answers 404 for a status of an untracked wamid and 409 for one of an inbound message', async () => {
      const inbound = correlationFor(number, randomDigits());
      await harness.app.get(CorrelationService).apply(number.tenantId, inbound);
      const token = await identities.serviceToken(SERVICES.INBOUND_TRANSFORMER.name);
      const body = { status: 'delivered', at: new Date().toISOString() };

      const unknown = await harness.request(
        'POST',
        STATE_MANAGER_PATHS.messageStatus(number.tenantId, randomWamid()),
        { token, json: body },
      );
      const ofInbound = await harness.request(
        'POST',
        STATE_MANAGER_PATHS.messageStatus(number.tenantId, inbound.whatsappMessageId),
        { token, json: body },
      );

      expect(unknown.status).toBe(404);
      expect(ofInbound.status).toBe(409);
    });
  });

  describe('messages of several parts', () => {
    /** Records every send of one Genesys message, as whatsapp-api-service does after each send. */
    const sentInParts = async (count: number) => {
      const genesysMessageId = randomUUID();
      const customerWaId = randomDigits();
      const requests = Array.from({ length: count }, (_, index) =>
        outbound({ genesysMessageId, customerWaId, part: { index, count } }),
      );
      for (const request of requests) await whatsappApi.recordMessage(number.tenantId, request);
      return { genesysMessageId, wamids: requests.map((request) => request.whatsappMessageId) };
    };
    const failureDecidedRows = (genesysMessageId: string) =>
      harness.transactions.inTenant(number.tenantId, (tx) =>
        tx.manager.query(
          `SELECT whatsapp_message_id FROM tracked_messages WHERE genesys_message_id = $1 AND failure_decided`,
          [genesysMessageId],
        ),
      );

    it('tracks each send with its part under one Genesys id; by Genesys id answers the first part', async () => {
      const genesysMessageId = randomUUID();
      const second = outbound({ genesysMessageId, part: { index: 1, count: 2 } });
      const first = outbound({
        genesysMessageId,
        customerWaId: second.customerWaId,
        part: { index: 0, count: 2 },
      });

      const recordedSecond = await whatsappApi.recordMessage(number.tenantId, second);
      const recordedFirst = await whatsappApi.recordMessage(number.tenantId, first);
      const again = await whatsappApi.recordMessage(number.tenantId, second);

      expect(recordedSecond).toMatchObject({ genesysMessageId, partIndex: 1, partCount: 2 });
      expect(recordedFirst).toMatchObject({ genesysMessageId, partIndex: 0, partCount: 2 });
      expect(again).toEqual(recordedSecond);
      expect(await inboundTransformer.messageByGenesysId(number.tenantId, genesysMessageId)).toEqual(
        recordedFirst,
      );
      expect(await inboundTransformer.messageByWhatsAppId(number.tenantId, second.whatsappMessageId)).toEqual(
        recordedSecond,
      );
    });

    it('answers 409 for a part already tracked with another wamid, and for another part count', async () => {
      const { genesysMessageId } = await sentInParts(2);
      const token = await identities.serviceToken(SERVICES.WHATSAPP_API.name);
      const post = (part: { index: number; count: number }) =>
        harness.request<{ message: string }>('POST', STATE_MANAGER_PATHS.messages(number.tenantId), {
          token,
          json: outbound({ genesysMessageId, part }),
        });

      const samePart = await post({ index: 1, count: 2 });
      const otherCount = await post({ index: 2, count: 3 });
      const single = await post({ index: 0, count: 1 });

      expect([samePart.status, otherCount.status, single.status]).toEqual([409, 409, 409]);
      expect(samePart.body.message).toMatch(/part 2 of 2 is tracked for another WhatsApp message/);
      expect(otherCount.body.message).toMatch(/tracked with another part count than 3/);
    });

    it('refuses a part index outside its count in the schema itself', async () => {
      await expect(
        harness.transactions.inTenant(number.tenantId, (tx) =>
          tx.manager.query(
            `INSERT INTO tracked_messages (id, tenant_id, direction, whatsapp_message_id, genesys_message_id,
               integration_id, phone_number_id, customer_wa_id, status, part_index, part_count)
             VALUES ($1, $2, 'outbound', $3, $4, 'i', 'p', 'c', 'accepted', 2, 2)`,
            [randomUUID(), number.tenantId, randomWamid(), randomUUID()],
          ),
        ),
      ).rejects.toThrow(/tracked_messages_part_in_range/);
    });

    it('answers Delivered only for the last part', async () => {
      const { wamids } = await sentInParts(3);
      const [first, middle, last] = wamids as [string, string, string];

      const answers = [
        await apply(first, 'delivered'),
        await apply(middle, 'read'),
        await apply(last, 'delivered'),
        await apply(last, 'delivered'),
        await apply(first, 'read'),
      ];

      expect(answers.map((answer) => [answer?.applied, answer?.receipt])).toEqual([
        [true, null],
        [true, null],
        [true, 'Delivered'],
        [false, 'Delivered'],
        [true, null],
      ]);
      expect(answers[2]?.message).toMatchObject({ whatsappMessageId: last, partIndex: 2, partCount: 3 });
    });

    it('answers Failed for the first failing part only, again only for its repeat, and no Delivered after it', async () => {
      const { genesysMessageId, wamids } = await sentInParts(3);
      const [first, middle, last] = wamids as [string, string, string];

      const middleFails = await apply(middle, 'failed');
      const firstFails = await apply(first, 'failed');
      const middleAgain = await apply(middle, 'failed');
      const firstAgain = await apply(first, 'failed');
      const lastDelivered = await apply(last, 'delivered');

      expect(middleFails).toMatchObject({ applied: true, receipt: 'Failed' });
      expect(firstFails).toMatchObject({ applied: true, receipt: null });
      expect(middleAgain).toMatchObject({ applied: false, receipt: 'Failed' });
      expect(firstAgain).toMatchObject({ applied: false, receipt: null });
      expect(lastDelivered).toMatchObject({ applied: true, receipt: null });
      expect(await failureDecidedRows(genesysMessageId)).toEqual([{ whatsapp_message_id: middle }]);
    });

    it('decides one Failed among concurrent statuses of every part', async () => {
      const { genesysMessageId, wamids } = await sentInParts(4);
      const requests = wamids.flatMap((wamid) => [
        () => apply(wamid, 'failed'),
        () => apply(wamid, 'delivered'),
        () => apply(wamid, 'failed'),
      ]);

      const answers = await Promise.all([...requests].reverse().map((request) => request()));

      const decided = await failureDecidedRows(genesysMessageId);
      expect(answers.filter((answer) => answer?.applied && answer.receipt === 'Failed')).toHaveLength(1);
      expect(decided).toHaveLength(1);
      expect(
        answers
          .filter((answer) => answer?.receipt === 'Failed')
          .every((answer) => answer?.message.whatsappMessageId === decided[0]?.whatsapp_message_id),
      ).toBe(true);
      for (const wamid of wamids) {
        expect((await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid))?.status).toBe('failed');
      }
    });

    it("locks parts without deadlocking against statuses in any order and a customer's number change", async () => {
      const { wamids } = await sentInParts(3);
      const { customerWaId } = (await inboundTransformer.messageByWhatsAppId(
        number.tenantId,
        wamids[0] as string,
      )) as { customerWaId: string };
      const statuses = ['sent', 'delivered', 'read'] as const;

      const results = await Promise.allSettled([
        ...statuses.flatMap((status) => [...wamids].reverse().map((wamid) => apply(wamid, status))),
        ...statuses.flatMap((status) => wamids.map((wamid) => apply(wamid, status))),
        inboundTransformer.changeCustomerNumber(number.tenantId, {
          phoneNumberId: number.phoneNumberId,
          oldWaId: customerWaId,
          newWaId: randomDigits(),
          at: new Date().toISOString(),
        }),
      ]);

      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const last = await inboundTransformer.messageByWhatsAppId(number.tenantId, wamids[2] as string);
      expect(last?.status).toBe('read');
    });
  });

  describe('cache', () => {
    it('serves a repeated lookup from Redis and shows a new status right after it was applied', async () => {
      const wamid = await sent();
      await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid);
      // Behind the service's back: only the cache can still answer the old status after this.
      await harness.transactions.inTenant(number.tenantId, (tx) =>
        tx.manager.query(`UPDATE tracked_messages SET status = 'sent' WHERE whatsapp_message_id = $1`, [
          wamid,
        ]),
      );

      const cached = await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid);
      await apply(wamid, 'read');
      const afterWrite = await inboundTransformer.messageByWhatsAppId(number.tenantId, wamid);

      expect(cached?.status).toBe('accepted');
      expect(afterWrite?.status).toBe('read');
    });
  });
});
