/** `{base}/{version}/{phone-number-id}/messages` (spec A3): sends, mark-as-read and the typing indicator. */
export function graphMessagesUrl(baseUrl: string, version: string, phoneNumberId: string): string {
  return `${trimmed(baseUrl)}/${version}/${encodeURIComponent(phoneNumberId)}/messages`;
}

/** `{base}/{version}/{phone-number-id}/media` (spec A4): multipart upload. */
export function graphMediaUrl(baseUrl: string, version: string, phoneNumberId: string): string {
  return `${trimmed(baseUrl)}/${version}/${encodeURIComponent(phoneNumberId)}/media`;
}

function trimmed(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
