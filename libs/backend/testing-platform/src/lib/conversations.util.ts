import type { Platform } from './platform';
import type { SeededTenant } from './seed-tenant';
import { deliveredMessageIds } from './simulators.client';
import { at, eventually } from './wait.util';

/** The customer writes first (opening the 24-hour window); resolves with Genesys's conversation id. */
export async function customerWrites(
  platform: Platform,
  tenant: SeededTenant,
  customer: string,
  text = 'Hello, I need help',
): Promise<string> {
  const sent = await platform.whatsapp.deliverInbound({
    phoneNumberId: tenant.phoneNumberId,
    messages: [{ type: 'text', from: customer, profileName: 'Jane Example', body: text }],
  });
  const wamid = at(deliveredMessageIds(sent));
  const record = await eventually(
    async () => (await platform.genesys.acceptedMessages(wamid))[0],
    20_000,
    `the customer's message ${wamid} at Genesys`,
  );
  // The agent can only answer once state-manager knows the conversation.
  await eventually(
    () =>
      platform.stateManager
        .activeConversation(tenant.tenantId, tenant.phoneNumberId, customer)
        .then((conversation) => conversation ?? undefined),
    10_000,
    'the conversation mapping',
  );
  return String(record.conversationId);
}
