import type { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  STATE_MANAGER_PATHS,
  type ConversationView,
  type RecordMessageRequest,
  type TrackedMessageView,
} from '@switchboard/shared-contracts';
import { InternalServiceUnavailableError } from './internal-http.client';
import { StateManagerClient } from './state-manager.client';

const tenantId = '5d0c1f3e-3b8e-4d8a-9a55-2f0a8b1f6c11';
const at = '2026-11-26T10:00:00.000Z';

const message: TrackedMessageView = {
  id: '0f7b6b0e-8d3c-4f0e-9a1d-6f2a3c4b5d6e',
  tenantId,
  direction: 'outbound',
  whatsappMessageId: 'wamid.part-2',
  genesysMessageId: 'genesys-1',
  conversationId: 'conversation-1',
  integrationId: 'integration-1',
  phoneNumberId: '100200300',
  customerWaId: '4915112345678',
  status: 'accepted',
  statusHistory: [{ status: 'accepted', at }],
  partIndex: 1,
  partCount: 3,
  createdAt: at,
};

const conversation: ConversationView = {
  id: '7a1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  tenantId,
  phoneNumberId: '100200300',
  customerWaId: '4915112345678',
  customerName: null,
  integrationId: 'integration-1',
  conversationId: 'conversation-1',
  status: 'active',
  lastInboundAt: at,
  lastInboundMessageId: 'wamid.inbound',
  lastActivityAt: at,
  createdAt: at,
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function build(answer: unknown) {
  const fetch = jest.fn(async () => json(200, answer));
  const tokens = { headers: jest.fn(async () => ({ authorization: 'Bearer t' })), invalidate: jest.fn() };
  const sut = new StateManagerClient({
    baseUrl: 'http://127.0.0.1:9',
    serviceTokens: tokens as unknown as ServiceTokenClient,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  return { sut, fetch };
}

describe(StateManagerClient.name, () => {
  it('records a part of a message with its part, and answers the parsed view', async () => {
    const { sut, fetch } = build(message);
    const request: RecordMessageRequest = {
      direction: 'outbound',
      whatsappMessageId: message.whatsappMessageId,
      genesysMessageId: message.genesysMessageId,
      integrationId: message.integrationId,
      phoneNumberId: message.phoneNumberId,
      customerWaId: message.customerWaId,
      at,
      part: { index: 1, count: 3 },
    };

    const recorded = await sut.recordMessage(tenantId, request);

    expect(recorded).toEqual(message);
    const [url, init] = fetch.mock.calls[0] as unknown as [URL, RequestInit];
    expect(url.pathname).toBe(STATE_MANAGER_PATHS.messages(tenantId));
    expect(JSON.parse(String(init.body))).toEqual(request);
  });

  it("answers a conversation with the wamid of the customer's last message", async () => {
    const { sut } = build(conversation);

    await expect(sut.conversation(tenantId, conversation.conversationId)).resolves.toEqual(conversation);
  });

  it('refuses a message view without its part', async () => {
    const { partIndex: _index, partCount: _count, ...withoutPart } = message;
    const { sut } = build(withoutPart);

    const answer = sut.messageByGenesysId(tenantId, message.genesysMessageId);

    await expect(answer).rejects.toBeInstanceOf(InternalServiceUnavailableError);
    await expect(answer).rejects.toThrow(/partIndex/);
  });
});
