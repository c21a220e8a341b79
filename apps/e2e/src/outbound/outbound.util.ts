import {
  eventually,
  type GenesysInboundRecord,
  type GenesysOutboundSend,
  type Platform,
  type SeededTenant,
  type WhatsAppRecordedSend,
} from '@switchboard/backend-testing-platform';

export { customerWrites } from '@switchboard/backend-testing-platform';

/** Media whose first bytes every sniffer recognises (the rest is filler). */
export const SAMPLE_MEDIA = {
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2_000, 3)]),
  mp4: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(3_000, 1)]),
  ogg: Buffer.concat([Buffer.from('OggS'), Buffer.alloc(3_000, 2)]),
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3_000, 0x20)]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0x24, 0x08, 0, 0]),
    Buffer.from('WEBPVP8 '),
    Buffer.alloc(2_000, 5),
  ]),
} as const;

/** An agent's reply through the tenant's Genesys integration; the webhook has been answered. */
export async function agentReplies(
  platform: Platform,
  tenant: SeededTenant,
  customer: string,
  message: Record<string, unknown>,
): Promise<GenesysOutboundSend & { messageId: string }> {
  const sent = await platform.genesys.sendAgentMessage({
    integrationId: tenant.integrationId,
    customerId: customer,
    ...message,
  });
  expect(sent.delivery.status).toBe('delivered');
  expect(sent.messageId).toEqual(expect.any(String));
  return { ...sent, messageId: String(sent.messageId) };
}

/** The WhatsApp sends that reached the simulator for this customer from the tenant's number. */
export function sendsTo(
  platform: Platform,
  tenant: SeededTenant,
  customer: string,
): Promise<WhatsAppRecordedSend[]> {
  return platform.whatsapp.sends({ phoneNumberId: tenant.phoneNumberId, to: customer, kind: 'message' });
}

export async function waitForSends(
  platform: Platform,
  tenant: SeededTenant,
  customer: string,
  count: number,
  timeoutMs = 20_000,
): Promise<WhatsAppRecordedSend[]> {
  return eventually(
    async () => {
      const sends = await sendsTo(platform, tenant, customer);
      return sends.length >= count ? sends : undefined;
    },
    timeoutMs,
    `${count} WhatsApp send(s) to ${customer}`,
  );
}

/** WhatsApp reports a status of one of our sends to the platform's webhook. */
export async function whatsAppReports(
  platform: Platform,
  tenant: SeededTenant,
  wamid: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  extra: Record<string, unknown> = {},
): Promise<void> {
  const delivery = await platform.whatsapp.deliverStatuses({
    phoneNumberId: tenant.phoneNumberId,
    statuses: [{ id: wamid, status, ...extra }],
  });
  expect(delivery.delivery.state).toBe('delivered');
}

export function waitForReceipt(
  platform: Platform,
  genesysMessageId: string,
  status: 'Delivered' | 'Failed',
  timeoutMs = 20_000,
): Promise<GenesysInboundRecord> {
  return eventually(
    async () =>
      (await platform.genesys.receiptsFor(genesysMessageId)).find(
        (record) => record.accepted && record.body['status'] === status,
      ),
    timeoutMs,
    `a ${status} receipt for ${genesysMessageId}`,
  );
}
