import { Transactions } from '@switchboard/backend-data-access-persistence';
import { getQueueToken } from '@nestjs/bull';
import { SERVICES } from '@switchboard/shared-contracts';
import type { Queue } from 'bull';
import {
  correlationFor,
  isoAt,
  numberFixture,
  randomDigits,
  type NumberFixture,
} from '../../testing/fixtures.util';
import { TestIdentities } from '../../testing/identities.util';
import { StateManagerHarness, eventually } from '../../testing/state-manager-harness.util';
import { StateCache } from '../cache/state-cache.service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { CorrelationService } from '../correlation/correlation.service';
import { StateMetrics } from '../metrics/state-metrics.service';
import { CONVERSATION_EXPIRY_QUEUE, EXPIRE_IDLE_CONVERSATIONS_JOB } from './conversation-expiry.constants';
import { ConversationExpiryScheduler } from './conversation-expiry.scheduler';
import { ConversationExpiryService } from './conversation-expiry.service';

const HOUR = 3600;

describe(ConversationExpiryService.name, () => {
  let identities: TestIdentities;
  let harness: StateManagerHarness;
  let a: NumberFixture;
  let b: NumberFixture;

  beforeAll(async () => {
    identities = await TestIdentities.create();
    // The job itself runs at most daily here: these tests call the service and count what it expired.
    harness = await StateManagerHarness.start({
      label: 'expiry',
      identities,
      env: { CONVERSATION_EXPIRY_INTERVAL_SECONDS: '86400' },
    });
    a = numberFixture();
    b = numberFixture();
  });

  afterAll(() => harness.destroy());

  /** A customer whose last activity was `idleSeconds` ago. */
  const conversationIdleFor = async (number: NumberFixture, idleSeconds: number) => {
    const at = isoAt(new Date(), -idleSeconds);
    const correlation = correlationFor(number, randomDigits(), { messageTime: at, acceptedAt: at });
    await harness.app.get(CorrelationService).apply(number.tenantId, correlation);
    return correlation;
  };
  const statusOf = async (number: NumberFixture, conversationId: string) =>
    (await harness.client().conversation(number.tenantId, conversationId))?.status;

  it('expires only active conversations idle for longer than the idle TTL, in every tenant', async () => {
    const idleA = await conversationIdleFor(a, 25 * HOUR);
    const idleB = await conversationIdleFor(b, 30 * HOUR);
    const recent = await conversationIdleFor(a, 23 * HOUR);
    const closed = await conversationIdleFor(a, 48 * HOUR);
    await harness.transactions.inTenant(a.tenantId, (tx) =>
      tx.manager.query(
        `UPDATE conversations SET status = 'closed', ended_at = now() WHERE conversation_id = $1`,
        [closed.conversationId],
      ),
    );

    const expired = await harness.app.get(ConversationExpiryService).expireIdle();

    expect(expired).toBe(2);
    expect(await statusOf(a, idleA.conversationId)).toBe('expired');
    expect(await statusOf(b, idleB.conversationId)).toBe('expired');
    expect(await statusOf(a, recent.conversationId)).toBe('active');
    expect(await statusOf(a, closed.conversationId)).toBe('closed');
  });

  it('drops the cached active conversation it expired', async () => {
    const idle = await conversationIdleFor(a, 26 * HOUR);
    const client = harness.client(SERVICES.OUTBOUND_TRANSFORMER.name);
    const before = await client.activeConversation(a.tenantId, a.phoneNumberId, idle.customerWaId);

    await harness.app.get(ConversationExpiryService).expireIdle();

    expect(before?.status).toBe('active');
    expect(await client.activeConversation(a.tenantId, a.phoneNumberId, idle.customerWaId)).toBeNull();
  });

  it('works through more idle conversations than one batch holds', async () => {
    const idle = await Promise.all(Array.from({ length: 5 }, () => conversationIdleFor(a, 27 * HOUR)));
    const sut = new ConversationExpiryService(
      harness.app.get(Transactions),
      harness.app.get(ConversationsRepository),
      harness.app.get(StateCache),
      harness.app.get(StateMetrics),
      { ...harness.config, CONVERSATION_EXPIRY_BATCH_SIZE: 2 },
    );

    expect(await sut.expireIdle()).toBe(5);
    expect(await Promise.all(idle.map((c) => statusOf(a, c.conversationId)))).toEqual(
      Array(5).fill('expired'),
    );
  });

  describe('as a Bull repeatable job', () => {
    let scheduled: StateManagerHarness;

    beforeAll(async () => {
      scheduled = await StateManagerHarness.start({
        label: 'expiry-job',
        identities,
        env: { CONVERSATION_EXPIRY_INTERVAL_SECONDS: '1', CONVERSATION_IDLE_TTL_SECONDS: '60' },
      });
    });

    afterAll(() => scheduled.destroy());

    it('runs on its own every interval and expires idle conversations', async () => {
      const at = isoAt(new Date(), -120);
      const idle = correlationFor(a, randomDigits(), { messageTime: at, acceptedAt: at });
      await scheduled.app.get(CorrelationService).apply(a.tenantId, idle);

      const status = await eventually(async () => {
        const view = await scheduled.client().conversation(a.tenantId, idle.conversationId);
        return view?.status === 'expired' ? view.status : undefined;
      }, 'the job to expire the conversation');

      expect(status).toBe('expired');
    });

    it("keeps its keys under the service's Redis prefix and one schedule, replacing one of another interval", async () => {
      const queue = scheduled.app.get<Queue>(getQueueToken(CONVERSATION_EXPIRY_QUEUE));
      await queue.add(
        EXPIRE_IDLE_CONVERSATIONS_JOB,
        {},
        { repeat: { every: 7000 }, jobId: EXPIRE_IDLE_CONVERSATIONS_JOB },
      );

      await scheduled.app.get(ConversationExpiryScheduler).schedule();

      const repeatable = await queue.getRepeatableJobs();
      expect(repeatable.map((job) => [job.name, job.every])).toEqual([[EXPIRE_IDLE_CONVERSATIONS_JOB, 1000]]);
      expect(await scheduled.redis.exists(`bull:${CONVERSATION_EXPIRY_QUEUE}:repeat`)).toBe(1);
    });
  });
});
