import type { GenesysDelivery } from '@switchboard/shared-contracts';

export type GenesysCallKind = GenesysDelivery['kind'];

const ENDPOINT_OF_KIND: Readonly<Record<GenesysCallKind, string>> = {
  // Without the flag Genesys leaves `conversationId` out of its answer (spec B2).
  message: 'message?prefetchConversationId=true',
  receipt: 'receipt',
  typing: 'event',
};

/** `{apiBase}/api/v2/conversations/messages/{integrationId}/inbound/open/{message|receipt|event}` */
export function genesysInboundUrl(apiBaseUrl: string, integrationId: string, kind: GenesysCallKind): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  return `${base}/api/v2/conversations/messages/${encodeURIComponent(integrationId)}/inbound/open/${ENDPOINT_OF_KIND[kind]}`;
}
