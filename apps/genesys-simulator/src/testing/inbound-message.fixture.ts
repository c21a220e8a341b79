/** Inbound message bodies shaped like samples/genesys-inbound-*.json. */

export function inboundTextMessage(customerId = '15551234567', overrides: Record<string, unknown> = {}) {
  return {
    channel: {
      messageId: `wamid.FAKE-${customerId}-${Math.random().toString(36).slice(2)}`,
      from: {
        nickname: 'Jane Example',
        id: customerId,
        idType: 'Opaque',
        firstName: 'Jane',
        lastName: 'Example',
      },
      time: '2026-01-01T00:00:00.000Z',
      metadata: { customAttributes: { tenantId: 'tenant-a' } },
    },
    text: 'Hi, I need help with my order',
    ...overrides,
  };
}

export function inboundAttachmentMessage(customerId = '15551234567') {
  return {
    channel: {
      messageId: 'wamid.FAKEIN0002',
      from: { id: customerId, idType: 'Opaque' },
      time: '2026-01-01T00:01:00.000Z',
    },
    text: 'Photo of the damaged box',
    content: [
      {
        contentType: 'Attachment',
        attachment: {
          mediaType: 'Image',
          url: 'https://media.example.com/presigned/in-1.jpg?X-Amz-Expires=3600',
          mime: 'image/jpeg',
          filename: 'photo.jpg',
        },
      },
    ],
  };
}

export const messagePath = (integrationId: string) =>
  `/api/v2/conversations/messages/${integrationId}/inbound/open/message`;
