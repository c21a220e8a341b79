/**
 * Key under which pipeline messages keep their order: one customer of one tenant's number.
 * Messages without a customer (system errors) share their number's key.
 */
export function customerOrderingKey(
  tenantId: string,
  phoneNumberId: string,
  customerWaId: string | undefined,
): string {
  return `${tenantId}/${phoneNumberId}/${customerWaId ?? '-'}`;
}
