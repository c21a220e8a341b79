import { SimulatorHarness, textMessage } from '../../testing/simulator-harness.util';
import { loadSample, shapeOf } from '../../testing/samples.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { WebhookEnvelope, WebhookStatus } from '../webhooks/webhook-envelope.factory';
import { StatusesService } from './statuses.service';

function statusesOf(payload: WebhookEnvelope): WebhookStatus[] {
  return payload.entry[0].changes[0].value.statuses ?? [];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(StatusesService.name, () => {
  let sut: SimulatorHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sut = await SimulatorHarness.start({
      WEBHOOK_URL: receiver.url,
      AUTO_STATUS_ENABLED: 'true',
      AUTO_STATUS_DELAY_MS: '30',
    });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await sut.control('POST', 'reset');
    receiver.received.length = 0;
  });

  const sendText = async (payload: Record<string, unknown> = textMessage()) => {
    const response = await sut.sendMessage<{ messages: { id: string }[] }>(payload);
    return response.body.messages[0].id;
  };

  describe('automatic statuses', () => {
    it('delivers sent, delivered and read for a new message, shaped like the samples', async () => {
      const wamid = await sendText();

      await receiver.waitFor(3);
      const payloads = receiver.json<WebhookEnvelope>();
      const statuses = payloads.map((payload) => statusesOf(payload)[0]);

      expect(statuses.map((status) => status.status).sort()).toEqual(['delivered', 'read', 'sent']);
      for (const status of statuses) expect(status).toMatchObject({ id: wamid, recipient_id: '15551234567' });
      for (const payload of payloads) {
        const status = statusesOf(payload)[0].status;
        expect(shapeOf(payload)).toEqual(shapeOf(loadSample(`wa-status-${status}`)));
      }
    });

    it('delivers only sent for a reaction', async () => {
      await sendText(loadSample('wa-send-reaction-request'));

      await receiver.waitFor(1);
      await pause(150);

      expect(receiver.json<WebhookEnvelope>().map((payload) => statusesOf(payload)[0].status)).toEqual([
        'sent',
      ]);
    });

    it('delivers nothing for mark-as-read', async () => {
      await sut.sendMessage(loadSample('wa-mark-read-request'));
      await pause(150);

      expect(receiver.received).toHaveLength(0);
    });

    it('can be switched off and on at runtime', async () => {
      await sut.control('PUT', 'auto-status', { enabled: false });
      await sendText();
      await pause(150);
      const whileOff = receiver.received.length;
      await sut.control('PUT', 'auto-status', {
        enabled: true,
        sequence: ['sent', 'failed'],
        failedErrorCode: 131047,
      });
      const wamid = await sendText();
      await receiver.waitFor(2);

      const failed = receiver
        .json<WebhookEnvelope>()
        .map((payload) => statusesOf(payload)[0])
        .find((status) => status.status === 'failed');

      expect(whileOff).toBe(0);
      expect(failed).toMatchObject({ id: wamid, errors: [{ code: 131047 }] });
    });

    it('keeps recipient, callback data and category of a send that has left the send log', async () => {
      const limited = await SimulatorHarness.start({
        WEBHOOK_URL: receiver.url,
        AUTO_STATUS_ENABLED: 'true',
        AUTO_STATUS_DELAY_MS: '100',
        AUTO_STATUS_SEQUENCE: 'sent',
        MAX_RECORDED_SENDS: '1',
      });
      try {
        const first = await limited.sendMessage<{ messages: { id: string }[] }>({
          ...loadSample<Record<string, unknown>>('wa-send-template-request'),
          to: '15550000001',
          biz_opaque_callback_data: 'tenant-a:1',
        });
        await limited.sendMessage(textMessage('15550000002'));
        await receiver.waitFor(2);

        const status = receiver
          .json<WebhookEnvelope>()
          .map((payload) => statusesOf(payload)[0])
          .find((candidate) => candidate.id === first.body.messages[0].id);
        expect(status).toMatchObject({
          recipient_id: '15550000001',
          biz_opaque_callback_data: 'tenant-a:1',
          pricing: { category: 'utility' },
        });
      } finally {
        await limited.close();
      }
    });

    it('echoes biz_opaque_callback_data and bills a template as utility', async () => {
      await sut.control('PUT', 'auto-status', { sequence: ['sent'] });
      await sendText({ ...loadSample('wa-send-template-request'), biz_opaque_callback_data: 'tenant-a:42' });

      await receiver.waitFor(1);
      const [status] = statusesOf(receiver.json<WebhookEnvelope>()[0]);

      expect(status).toMatchObject({
        biz_opaque_callback_data: 'tenant-a:42',
        pricing: { category: 'utility', billable: true, type: 'regular', pricing_model: 'PMP' },
      });
    });
  });

  describe('statuses delivered on request', () => {
    beforeEach(() => sut.control('PUT', 'auto-status', { enabled: false }));

    it('delivers a failed status with the error of the sample', async () => {
      const wamid = await sendText();

      const { body } = await sut.control<{ payload: WebhookEnvelope }>('POST', 'webhooks/statuses', {
        statuses: [{ id: wamid, status: 'failed', errorCode: 131047 }],
        waitFor: 'final',
      });
      const sample = loadSample<WebhookEnvelope>('wa-status-failed-131047');

      expect(shapeOf(body.payload)).toEqual(shapeOf(sample));
      expect(statusesOf(body.payload)[0].errors).toEqual(statusesOf(sample)[0].errors);
      expect(receiver.json<WebhookEnvelope>()).toEqual([body.payload]);
    });

    it('batches statuses out of order into one POST', async () => {
      const wamid = await sendText();

      await sut.control('POST', 'webhooks/statuses', {
        statuses: [
          { id: wamid, status: 'read' },
          { id: wamid, status: 'delivered' },
          { id: 'wamid.UNKNOWN', status: 'played', recipientId: '15559999999' },
        ],
        waitFor: 'final',
      });

      const [payload] = receiver.json<WebhookEnvelope>();
      expect(receiver.received).toHaveLength(1);
      expect(
        statusesOf(payload).map(({ id, status, recipient_id }) => ({ id, status, recipient_id })),
      ).toEqual([
        { id: wamid, status: 'read', recipient_id: '15551234567' },
        { id: wamid, status: 'delivered', recipient_id: '15551234567' },
        { id: 'wamid.UNKNOWN', status: 'played', recipient_id: '15559999999' },
      ]);
    });

    it('refuses an unknown status value', async () => {
      const response = await sut.control('POST', 'webhooks/statuses', {
        statuses: [{ id: 'wamid.X', status: 'seen' }],
      });

      expect(response.status).toBe(400);
    });
  });
});
