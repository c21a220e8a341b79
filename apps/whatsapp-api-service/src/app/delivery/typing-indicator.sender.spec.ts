import type { WhatsAppDeliveryOf, WhatsAppTypingIndicatorRequest } from '@switchboard/shared-contracts';
import { Registry } from 'prom-client';
import {
  UndeliverableError,
  WhatsAppRequestRejectedError,
  WhatsAppUnavailableError,
} from '../graph/whatsapp.errors';
import { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import type { NumberRoutes } from './number-routes';
import { TypingIndicatorSender } from './typing-indicator.sender';

const EVENT: WhatsAppDeliveryOf<'typing'> = {
  kind: 'typing',
  integrationId: 'integration-1',
  phoneNumberId: '109876543210001',
  customerWaId: '15551234567',
  genesysMessageId: 'event-1',
  replyToWhatsappMessageId: 'wamid.IN1',
};

describe(TypingIndicatorSender.name, () => {
  let registry: Registry;
  let sent: WhatsAppTypingIndicatorRequest[];
  let replies: (Error | undefined)[];
  let routeError: Error | undefined;
  let warnings: string[];
  let sut: TypingIndicatorSender;

  const metricValue = async (labels: Record<string, string>) => {
    const values =
      (await registry.getSingleMetric('switchboard_whatsapp_typing_indicators_total')?.get())?.values ?? [];
    return (
      values.find((value) => Object.entries(labels).every(([key, v]) => value.labels[key] === v))?.value ?? 0
    );
  };

  beforeEach(() => {
    registry = new Registry();
    sent = [];
    replies = [];
    routeError = undefined;
    warnings = [];
    const routes = {
      resolve: async (tenantId: string, phoneNumberId: string) => {
        if (routeError) throw routeError;
        return { tenantId, phoneNumberId };
      },
    } as unknown as NumberRoutes;
    sut = new TypingIndicatorSender(
      routes,
      {
        sendTyping: async (_sender, body) => {
          sent.push(body);
          const reply = replies.shift();
          if (reply) throw reply;
        },
      },
      new WhatsAppMetrics(registry),
      { warn: (message) => warnings.push(message) },
    );
  });

  it('shows the typing indicator in reply to the customer’s last message', async () => {
    await sut.show('tenant-a', EVENT);

    expect(sent).toEqual([
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.IN1',
        typing_indicator: { type: 'text' },
      },
    ]);
    expect(await metricValue({ result: 'shown' })).toBe(1);
  });

  it('tries once more when WhatsApp was unavailable, and no more', async () => {
    replies = [
      new WhatsAppUnavailableError('server_error', 'HTTP 503'),
      new WhatsAppUnavailableError('server_error', 'HTTP 503'),
    ];

    await expect(sut.show('tenant-a', EVENT)).resolves.toBeUndefined();

    expect(sent).toHaveLength(2);
    expect(await metricValue({ result: 'dropped', reason: 'unavailable' })).toBe(1);
    expect(warnings).toEqual([
      expect.stringMatching(/^typing indicator for Genesys event event-1 .* dropped \(unavailable\)/),
    ]);
  });

  it('drops a refused indicator at once, without a retry or an error for the queue', async () => {
    replies = [new WhatsAppRequestRejectedError('refused', { code: 131009, message: 'x' })];

    await expect(sut.show('tenant-a', EVENT)).resolves.toBeUndefined();

    expect(sent).toHaveLength(1);
    expect(await metricValue({ result: 'dropped', reason: 'rejected' })).toBe(1);
  });

  it('drops an indicator for another tenant’s number without sending it', async () => {
    routeError = new UndeliverableError('cross-tenant delivery refused');

    await sut.show('tenant-a', EVENT);

    expect(sent).toEqual([]);
    expect(await metricValue({ result: 'dropped', reason: 'undeliverable' })).toBe(1);
  });
});
