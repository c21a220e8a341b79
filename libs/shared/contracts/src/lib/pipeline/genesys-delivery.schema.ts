import { z } from 'zod';

const customerRoute = {
  /** Genesys Open Messaging integration of the tenant's number. */
  integrationId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  /** The customer: Genesys knows them by this id (channel.from.id / channel.to.id). */
  customerWaId: z.string().min(1),
};

/**
 * Payload on `genesys.delivery`: one call for genesys-api-service. `body` is the request body
 * exactly as Genesys expects it (validated again by genesys-api-service before sending).
 */
export const genesysDeliverySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    ...customerRoute,
    /** The wamid the message came from: stored against the Genesys message id. */
    whatsappMessageId: z.string().min(1),
    /** WhatsApp's time of the message (ISO-8601): refreshes the 24-hour window. */
    messageTime: z.iso.datetime({ offset: true }),
    customerName: z.string().optional(),
    body: z.record(z.string(), z.unknown()),
  }),
  z.object({
    kind: z.literal('receipt'),
    ...customerRoute,
    /** The agent's message the receipt is about. */
    genesysMessageId: z.string().min(1),
    /** Absent when the message failed before WhatsApp gave it an id. */
    whatsappMessageId: z.string().min(1).optional(),
    body: z.record(z.string(), z.unknown()),
  }),
  z.object({
    kind: z.literal('typing'),
    ...customerRoute,
    body: z.record(z.string(), z.unknown()),
  }),
]);

export type GenesysDelivery = z.infer<typeof genesysDeliverySchema>;
export type GenesysDeliveryOf<K extends GenesysDelivery['kind']> = Extract<GenesysDelivery, { kind: K }>;
