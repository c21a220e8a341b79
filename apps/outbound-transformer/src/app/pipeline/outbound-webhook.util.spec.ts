import {
  createEnvelope,
  PIPELINE_MESSAGE_TYPES,
  type GenesysOutboundEvent,
} from '@switchboard/shared-contracts';
import { outboundSample } from '../../testing/samples.util';
import { outboundOrderingKey } from './outbound-event.consumer';
import { checkOutboundWebhook, replyToMessageIdOf } from './outbound-webhook.util';

function event(kind: GenesysOutboundEvent['kind'], webhook: Record<string, unknown>): GenesysOutboundEvent {
  const channel = webhook['channel'] as { id: string; to: { id: string } };
  return {
    kind,
    integrationId: channel.id,
    genesysMessageId: webhook['id'] as string,
    customerId: channel.to.id,
    conversationId: webhook['conversationId'] as string,
    receivedAt: '2026-01-01T00:02:01.000Z',
    webhook,
  };
}

describe(checkOutboundWebhook.name, () => {
  it('accepts the spec samples under their kind', () => {
    expect(checkOutboundWebhook(event('message', outboundSample('genesys-outbound-text')))).toMatchObject({
      ok: true,
      webhook: { type: 'Text' },
    });
    expect(
      checkOutboundWebhook(event('typing', outboundSample('genesys-outbound-typing-event'))),
    ).toMatchObject({
      ok: true,
      webhook: { type: 'Event' },
    });
  });

  it('reports where a body breaks the contract', () => {
    const webhook = outboundSample('genesys-outbound-text');
    delete webhook['text'];

    const sut = checkOutboundWebhook(
      event('message', { ...webhook, channel: { ...(webhook['channel'] as object), time: 'noon' } }),
    );

    expect(sut).toEqual({ ok: false, reason: expect.stringContaining('channel.time') });
  });

  it('refuses a body of another kind than the event says', () => {
    const sut = checkOutboundWebhook(event('message', outboundSample('genesys-outbound-typing-event')));

    expect(sut).toEqual({ ok: false, reason: 'type: Event is not a message' });
  });

  it('refuses a body whose ids differ from the event’s', () => {
    const webhook = outboundSample('genesys-outbound-text');

    const sut = checkOutboundWebhook({
      ...event('message', webhook),
      customerId: '15550000000',
      genesysMessageId: 'other',
    });

    expect(sut).toEqual({
      ok: false,
      reason:
        'id: differs from the event’s genesysMessageId\nchannel.to.id: differs from the event’s customerId',
    });
  });
});

describe(replyToMessageIdOf.name, () => {
  it('reads channel.metadata.replyToMessageId, and nothing else', () => {
    const webhook = outboundSample('genesys-outbound-text');
    const checked = (metadata: unknown) => {
      const result = checkOutboundWebhook(
        event('message', { ...webhook, channel: { ...(webhook['channel'] as object), metadata } }),
      );
      if (!result.ok) throw new Error(result.reason);
      return replyToMessageIdOf(result.webhook);
    };

    expect(checked({ replyToMessageId: 'genesys-in-1' })).toBe('genesys-in-1');
    expect(checked({ replyToMessageId: 42 })).toBeUndefined();
    expect(checked('text')).toBeUndefined();
    expect(checked(undefined)).toBeUndefined();
  });
});

describe(outboundOrderingKey.name, () => {
  const envelope = (kind: GenesysOutboundEvent['kind'], id: string) =>
    createEnvelope({
      tenantId: 'tenant-a',
      type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
      payload: { ...event(kind, outboundSample('genesys-outbound-text')), genesysMessageId: id },
    });

  it('keys messages and typing by tenant, integration and customer', () => {
    const integration = '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f';

    expect(outboundOrderingKey(envelope('message', 'm1'))).toBe(`tenant-a/${integration}/15551234567`);
    expect(outboundOrderingKey(envelope('typing', 't1'))).toBe(`tenant-a/${integration}/15551234567`);
  });

  it('lets receipts run beside the customer’s messages', () => {
    expect(outboundOrderingKey(envelope('receipt', 'r1'))).toMatch(/\/15551234567\/receipt\/r1$/);
  });
});
