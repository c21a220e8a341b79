/** `idem:wa:<tenantId>:<wamid>[:<status>]` (spec A6: messages by id, statuses by id and status). */
export function whatsAppClaimKey(tenantId: string, wamid: string, status?: string): string {
  return status === undefined ? `idem:wa:${tenantId}:${wamid}` : `idem:wa:${tenantId}:${wamid}:${status}`;
}
