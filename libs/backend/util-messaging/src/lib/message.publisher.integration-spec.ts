import { EXCHANGES, MESSAGE_HEADERS, QUEUES, ROUTING_KEYS } from '@switchboard/shared-contracts';
import { startMessagingTestHarness, type MessagingTestHarness } from '../testing/messaging-test-harness';
import { buildTestEnvelope } from '../testing/test-envelope';
import { RecordingLogger } from '../testing/test-helpers';
import { ConfirmedPublisher } from './confirmed.publisher';
import { MessagePublisher } from './message.publisher';
import { MessagingConnection } from './messaging.connection';
import { InvalidEnvelopeError, PublishNotConfirmedError } from './messaging.errors';

async function publishFailure(publishing: Promise<void>): Promise<PublishNotConfirmedError> {
  const error = await publishing.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PublishNotConfirmedError))
    throw new Error(`expected PublishNotConfirmedError, got ${error}`);
  return error;
}

describe(MessagePublisher.name, () => {
  let harness: MessagingTestHarness;

  beforeAll(async () => {
    harness = await startMessagingTestHarness('publisher');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('resolves once confirmed, with a persistent JSON message that carries the pipeline headers', async () => {
    const envelope = buildTestEnvelope({ attempt: 0 });

    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);

    const message = await harness.take(QUEUES.GENESYS_CORRELATION);
    expect(JSON.parse(message!.content.toString())).toEqual(envelope);
    expect(message!.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: envelope.id,
      correlationId: envelope.correlationId,
    });
    expect(message!.properties.headers).toMatchObject({
      [MESSAGE_HEADERS.CORRELATION_ID]: envelope.correlationId,
      [MESSAGE_HEADERS.TRACEPARENT]: envelope.traceparent,
      [MESSAGE_HEADERS.TENANT_ID]: envelope.tenantId,
      [MESSAGE_HEADERS.ATTEMPT]: 0,
    });
  });

  it('routes one pipeline message to every queue bound to its routing key', async () => {
    await harness.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME, buildTestEnvelope());

    expect(await harness.take(QUEUES.PORTAL_EVENTS)).toBeDefined();
    expect(await harness.take(QUEUES.DELIVERY_OUTCOME_RECEIPTS)).toBeDefined();
  });

  it('sends straight to one queue with publishToQueue, not to the others bound to the same key', async () => {
    await harness.publisher.publishToQueue(QUEUES.DELIVERY_OUTCOME_RECEIPTS, buildTestEnvelope());

    expect(await harness.take(QUEUES.DELIVERY_OUTCOME_RECEIPTS)).toBeDefined();
    expect(await harness.take(QUEUES.PORTAL_EVENTS)).toBeUndefined();
  });

  it('rejects when the broker nacks the message', async () => {
    await harness.withChannel(async (channel) => {
      await channel.assertQueue('test.refuses-everything', {
        durable: false,
        arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' },
      });
      await channel.bindQueue('test.refuses-everything', EXCHANGES.PIPELINE, ROUTING_KEYS.PORTAL_EVENT);
    });

    const error = await publishFailure(
      harness.publisher.publish(ROUTING_KEYS.PORTAL_EVENT, buildTestEnvelope()),
    );

    expect(error.reason).toBe('nacked');
  });

  it('rejects an unroutable message instead of letting it vanish', async () => {
    await harness.withChannel((channel) =>
      channel.unbindQueue(
        QUEUES.INBOUND_UNROUTABLE,
        EXCHANGES.PIPELINE,
        ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE,
      ),
    );

    const error = await publishFailure(
      harness.publisher.publish(ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE, buildTestEnvelope()),
    );

    expect(error.reason).toBe('unroutable');
    expect(error.message).toMatch(/NO_ROUTE/);
  });

  it('keeps publishing after a failed publish', async () => {
    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());

    expect(await harness.take(QUEUES.GENESYS_CORRELATION)).toBeDefined();
  });

  it('recovers when the broker closes the publishing channel with an error', async () => {
    const error = await publishFailure(
      harness.confirmed.publish('no-such-exchange', 'any', Buffer.from('{}'), {}),
    );

    await harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope());

    expect(error.reason).toBe('failed');
    expect(error.message).toMatch(/channel closed/);
    expect(harness.logger.lines.join('\n')).toMatch(/NOT_FOUND/);
    expect(await harness.take(QUEUES.GENESYS_CORRELATION)).toBeDefined();
  });

  it('refuses an invalid envelope before sending anything', async () => {
    const invalid = { ...buildTestEnvelope(), traceparent: 'not-a-traceparent' };

    const publishing = harness.publisher.publish(ROUTING_KEYS.GENESYS_CORRELATION, invalid);

    await expect(publishing).rejects.toBeInstanceOf(InvalidEnvelopeError);
    await expect(publishing).rejects.toThrow(/traceparent: must be a W3C traceparent/);
    expect(await harness.take(QUEUES.GENESYS_CORRELATION)).toBeUndefined();
  });

  describe('when the broker is unreachable', () => {
    let connection: MessagingConnection;
    let confirmed: ConfirmedPublisher;

    beforeAll(() => {
      connection = new MessagingConnection({
        url: 'amqp://guest:guest@127.0.0.1:1',
        connectionName: 'test-unreachable',
        logger: new RecordingLogger(),
      });
      confirmed = new ConfirmedPublisher(connection, { timeoutMs: 300, maxPending: 1 });
    });

    afterAll(async () => {
      await confirmed.close();
      await connection.close();
    });

    it('rejects within the timeout instead of buffering for ever', async () => {
      const sut = new MessagePublisher(confirmed);
      const started = Date.now();

      const error = await publishFailure(sut.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope()));

      expect(error.reason).toBe('timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(connection.isConnected()).toBe(false);
    });

    it('refuses at once what exceeds the bound on unconfirmed publishes', async () => {
      const sut = new MessagePublisher(confirmed);
      const first = publishFailure(sut.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope()));

      const second = await publishFailure(sut.publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope()));

      expect(second.reason).toBe('overloaded');
      expect((await first).reason).toBe('timeout');
    });
  });

  it('rejects publishes after close', async () => {
    const confirmed = new ConfirmedPublisher(harness.connection);
    await confirmed.close();

    const error = await publishFailure(
      new MessagePublisher(confirmed).publish(ROUTING_KEYS.GENESYS_CORRELATION, buildTestEnvelope()),
    );

    expect(error.reason).toBe('closed');
  });
});
