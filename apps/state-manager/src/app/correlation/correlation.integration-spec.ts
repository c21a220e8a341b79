import { QUEUES, type GenesysCorrelation } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import {
  correlationFor,
  isoAt,
  numberFixture,
  randomDigits,
  type NumberFixture,
} from '../../testing/fixtures.util';
import { TestIdentities } from '../../testing/identities.util';
import { StateManagerHarness, eventually } from '../../testing/state-manager-harness.util';
import { ConversationEntity } from '../conversations/conversation.entity';
import { customerLockKey } from '../locking/customer-lock.service';
import { TrackedMessageEntity } from '../messages/tracked-message.entity';
import { CorrelationService } from './correlation.service';

describe(CorrelationService.name, () => {
  let harness: StateManagerHarness;
  let number: NumberFixture;
  let sut: CorrelationService;

  beforeAll(async () => {
    harness = await StateManagerHarness.start({
      label: 'correlation',
      identities: await TestIdentities.create(),
    });
    number = numberFixture();
    sut = harness.app.get(CorrelationService);
  });

  afterAll(() => harness.destroy());

  const conversationsOf = (customerWaId: string) =>
    harness.transactions.inTenant(number.tenantId, (tx) =>
      tx.manager.find(ConversationEntity, {
        where: { tenantId: number.tenantId, customerWaId },
        order: { createdAt: 'ASC' },
      }),
    );
  const messagesOf = (customerWaId: string) =>
    harness.transactions.inTenant(number.tenantId, (tx) =>
      tx.manager.find(TrackedMessageEntity, { where: { tenantId: number.tenantId, customerWaId } }),
    );
  const metric = async (name: string) =>
    (await register.getSingleMetric(name)?.get())?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;

  describe('through RabbitMQ', () => {
    it('makes exactly one active mapping and 20 tracked messages of a burst of 20 first messages', async () => {
      const customer = randomDigits();
      const conversationId = randomUUID();
      const start = new Date();
      const mappingsBefore = await metric('switchboard_conversation_mappings_created_total');
      const burst = Array.from({ length: 20 }, (_, i) =>
        correlationFor(number, customer, { conversationId, messageTime: isoAt(start, i) }),
      );

      await Promise.all(burst.map((correlation) => harness.publishCorrelation(number.tenantId, correlation)));
      const messages = await eventually(async () => {
        const rows = await messagesOf(customer);
        return rows.length === 20 ? rows : undefined;
      }, '20 tracked messages');

      const conversations = await conversationsOf(customer);
      expect(conversations).toHaveLength(1);
      expect(conversations[0]).toMatchObject({
        status: 'active',
        conversationId,
        lastInboundAt: new Date(isoAt(start, 19)),
        lastInboundMessageId: burst[19]?.whatsappMessageId,
      });
      expect(new Set(messages.map((message) => message.whatsappMessageId))).toEqual(
        new Set(burst.map((correlation) => correlation.whatsappMessageId)),
      );
      expect(
        messages.every((message) => message.direction === 'inbound' && message.status === 'accepted'),
      ).toBe(true);
      expect(await metric('switchboard_conversation_mappings_created_total')).toBe(mappingsBefore + 1);
      // The burst met the customer lock (waited for it, or was deferred and came back).
      expect(await metric('switchboard_conversation_lock_contention_total')).toBeGreaterThan(0);
    });

    it('records a correlation published as genesys-api-service does, with its accepted status', async () => {
      const customer = randomDigits();
      const correlation = correlationFor(number, customer);

      await harness.publishCorrelation(number.tenantId, correlation);
      const [message] = await eventually(async () => {
        const rows = await messagesOf(customer);
        return rows.length > 0 ? rows : undefined;
      }, 'the tracked message');

      expect(message).toMatchObject({
        direction: 'inbound',
        whatsappMessageId: correlation.whatsappMessageId,
        genesysMessageId: correlation.genesysMessageId,
        conversationId: correlation.conversationId,
        integrationId: correlation.integrationId,
        status: 'accepted',
        statusHistory: [{ status: 'accepted', at: new Date(correlation.acceptedAt).toISOString() }],
      });
      expect(await conversationsOf(customer)).toEqual([
        expect.objectContaining({ status: 'active', customerName: 'Ada Customer' }),
      ]);
    });

    it.each<[string, (correlation: GenesysCorrelation) => Record<string, unknown>, RegExp]>([
      ['a payload without conversationId', ({ conversationId: _omitted, ...rest }) => rest, /conversationId/],
      [
        'a messageTime that is not a time',
        (correlation) => ({ ...correlation, messageTime: 'soon' }),
        /messageTime/,
      ],
    ])('dead-letters %s with the reason', async (_label, corrupt, reason) => {
      const envelope = await harness.publishCorrelation(
        number.tenantId,
        corrupt(correlationFor(number, randomDigits())),
      );

      const deadLetter = await eventually(async () => {
        const letters = await harness.deadLetters.list(QUEUES.GENESYS_CORRELATION, 100);
        return letters.find((letter) => letter.messageId === envelope.id);
      }, 'the dead letter');
      expect(deadLetter.reason).toMatch(reason);
    });

    it('dead-letters an envelope of another type and one whose tenant is not a UUID', async () => {
      const wrongType = await harness.publishCorrelation(
        number.tenantId,
        correlationFor(number, randomDigits()),
        'genesys.receipt',
      );
      const wrongTenant = await harness.publishCorrelation(
        'tenant-a',
        correlationFor(number, randomDigits()),
      );

      const letters = await eventually(async () => {
        const all = await harness.deadLetters.list(QUEUES.GENESYS_CORRELATION, 100);
        const found = [wrongType.id, wrongTenant.id].map((id) =>
          all.find((letter) => letter.messageId === id),
        );
        return found.every(Boolean) ? found : undefined;
      }, 'both dead letters');
      expect(letters[0]?.reason).toMatch(/PermanentError: envelope type genesys\.receipt/);
      expect(letters[1]?.reason).toMatch(/PermanentError: tenantId "tenant-a" is not a UUID/);
    });
  });

  describe('mapping rules', () => {
    it('closes the active mapping when Genesys answers with a new conversationId, and activates the new one', async () => {
      const customer = randomDigits();
      const first = correlationFor(number, customer, { messageTime: isoAt(new Date(), -60) });
      const later = correlationFor(number, customer, { messageTime: isoAt(new Date(), 0) });

      await sut.apply(number.tenantId, first);
      const result = await sut.apply(number.tenantId, later);

      expect(result).toMatchObject({ decision: 'switch', activated: 'created' });
      const conversations = await conversationsOf(customer);
      expect(conversations.map((c) => [c.conversationId, c.status, c.lastInboundMessageId])).toEqual([
        [first.conversationId, 'closed', first.whatsappMessageId],
        [later.conversationId, 'active', later.whatsappMessageId],
      ]);
      expect(conversations[0]?.endedAt).toBeInstanceOf(Date);
    });

    it('does not switch for an older message of another conversation arriving late, but tracks it', async () => {
      const customer = randomDigits();
      const now = new Date();
      const current = correlationFor(number, customer, { messageTime: isoAt(now, 0) });
      const late = correlationFor(number, customer, { messageTime: isoAt(now, -30) });

      await sut.apply(number.tenantId, current);
      const result = await sut.apply(number.tenantId, late);

      expect(result.decision).toBe('keep');
      expect(await conversationsOf(customer)).toEqual([
        expect.objectContaining({ conversationId: current.conversationId, status: 'active' }),
      ]);
      expect((await messagesOf(customer)).map((m) => m.conversationId).sort()).toEqual(
        [current.conversationId, late.conversationId].sort(),
      );
    });

    it('only moves last_inbound_at and its message forward, and changes nothing on a redelivery', async () => {
      const customer = randomDigits();
      const now = new Date();
      const newest = correlationFor(number, customer, { messageTime: isoAt(now, 0) });
      const older = correlationFor(number, customer, {
        conversationId: newest.conversationId,
        messageTime: isoAt(now, -120),
      });

      await sut.apply(number.tenantId, newest);
      await sut.apply(number.tenantId, older);
      const redelivery = await sut.apply(number.tenantId, newest);

      expect(redelivery).toMatchObject({ decision: 'touch', activated: null, messageRecorded: false });
      const [conversation] = await conversationsOf(customer);
      expect(conversation?.lastInboundAt).toEqual(new Date(newest.messageTime));
      expect(conversation?.lastInboundMessageId).toBe(newest.whatsappMessageId);
      expect(await messagesOf(customer)).toHaveLength(2);
    });

    describe("fast path (the active mapping is the message's conversation)", () => {
      // A foreign holder of the customer lock: the locked path gives up with CustomerLockBusyError.
      const holdCustomerLock = (customerWaId: string) =>
        harness.redis.set(customerLockKey(number.tenantId, customerWaId), 'someone-else', 'PX', 10_000);

      it('touches without the customer lock and moves the times forward only', async () => {
        const customer = randomDigits();
        const now = new Date();
        const first = correlationFor(number, customer, { messageTime: isoAt(now, -60) });
        const same = (seconds: number) =>
          correlationFor(number, customer, {
            conversationId: first.conversationId,
            customerName: 'Ada Renamed',
            messageTime: isoAt(now, seconds),
            acceptedAt: isoAt(now, seconds),
          });
        await sut.apply(number.tenantId, first);
        await holdCustomerLock(customer);

        const newerCorrelation = same(0);
        const newer = await sut.apply(number.tenantId, newerCorrelation);
        const older = await sut.apply(number.tenantId, same(-30));

        expect(newer).toMatchObject({ decision: 'touch', activated: null, messageRecorded: true });
        expect(older.active).toMatchObject({
          conversationId: first.conversationId,
          customerName: 'Ada Renamed',
          lastInboundAt: new Date(isoAt(now, 0)),
          lastInboundMessageId: newerCorrelation.whatsappMessageId,
          lastActivityAt: new Date(isoAt(now, 0)),
        });
        const conversations = await conversationsOf(customer);
        expect(conversations).toEqual([
          expect.objectContaining({ status: 'active', lastInboundAt: new Date(isoAt(now, 0)) }),
        ]);
        expect(await messagesOf(customer)).toHaveLength(3);
      });

      it('is idempotent under redelivery, and rolls the touch back on a Genesys id of another message', async () => {
        const customer = randomDigits();
        const now = new Date();
        const first = correlationFor(number, customer, { messageTime: isoAt(now, -60) });
        await sut.apply(number.tenantId, first);
        await holdCustomerLock(customer);

        const redelivered = await sut.apply(number.tenantId, first);
        const reusedGenesysId = sut.apply(
          number.tenantId,
          correlationFor(number, customer, {
            conversationId: first.conversationId,
            genesysMessageId: first.genesysMessageId,
            messageTime: isoAt(now, 0),
          }),
        );

        expect(redelivered).toMatchObject({ decision: 'touch', messageRecorded: false });
        await expect(reusedGenesysId).rejects.toMatchObject({ name: 'StateConflictError' });
        expect(await conversationsOf(customer)).toEqual([
          expect.objectContaining({ lastInboundAt: new Date(first.messageTime) }),
        ]);
        expect(await messagesOf(customer)).toHaveLength(1);
      });

      it('falls back to the locked path when the customer has no active mapping of the conversation', async () => {
        const customer = randomDigits();
        await holdCustomerLock(customer);

        await expect(sut.apply(number.tenantId, correlationFor(number, customer))).rejects.toMatchObject({
          name: 'CustomerLockBusyError',
        });
        expect(await conversationsOf(customer)).toEqual([]);
      });
    });

    it('resumes an expired mapping when Genesys threads the customer back into its conversation', async () => {
      const customer = randomDigits();
      const first = correlationFor(number, customer, { messageTime: isoAt(new Date(), -3600) });
      await sut.apply(number.tenantId, first);
      await harness.transactions.inTenant(number.tenantId, (tx) =>
        tx.manager.query(
          `UPDATE conversations SET status = 'expired', ended_at = now() WHERE tenant_id = $1 AND conversation_id = $2`,
          [number.tenantId, first.conversationId],
        ),
      );

      const resuming = correlationFor(number, customer, {
        conversationId: first.conversationId,
        customerName: 'Ada Renamed',
      });
      const result = await sut.apply(number.tenantId, resuming);

      expect(result).toMatchObject({ decision: 'activate', activated: 'resumed' });
      expect(await conversationsOf(customer)).toEqual([
        expect.objectContaining({
          status: 'active',
          endedAt: null,
          customerName: 'Ada Renamed',
          lastInboundMessageId: resuming.whatsappMessageId,
        }),
      ]);
    });

    it('refuses a Genesys conversation already mapped to another customer (dead-lettered, not retried)', async () => {
      const taken = correlationFor(number, randomDigits());
      await sut.apply(number.tenantId, taken);

      await expect(
        sut.apply(
          number.tenantId,
          correlationFor(number, randomDigits(), { conversationId: taken.conversationId }),
        ),
      ).rejects.toMatchObject({ name: 'StateConflictError' });
    });
  });
});
