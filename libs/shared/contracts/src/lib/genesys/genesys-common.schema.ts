import { z } from 'zod';
import { GENESYS_ID_TYPES, GENESYS_MEDIA_TYPES } from './genesys.constants';

// Building blocks shared by the Open Messaging models (spec B2–B4). Objects are loose: Genesys ignores
// fields it does not know and adds fields to what it sends.

/** ISO-8601 with a zone, e.g. `2026-01-01T00:00:00.000Z`. */
export const genesysTimeSchema = z.iso.datetime({ offset: true });

export const genesysIdTypeSchema = z.enum(GENESYS_ID_TYPES);

/** The customer as we present them (`channel.from` of inbound messages and events). */
export const genesysFromRecipientSchema = z.looseObject({
  /** The external user id; Genesys sends it back as `channel.to.id` of agent replies. */
  id: z.string().min(1),
  idType: genesysIdTypeSchema,
  nickname: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  image: z.string().optional(),
  email: z.string().optional(),
});

export const genesysToRecipientSchema = z.looseObject({
  id: z.string().min(1),
  idType: genesysIdTypeSchema.optional(),
});

/** Attachment of an inbound message: `url` must be fetchable by Genesys (a presigned GET URL). */
export const genesysInboundAttachmentSchema = z.looseObject({
  mediaType: z.enum(GENESYS_MEDIA_TYPES),
  url: z.url({ protocol: /^https?$/ }),
  mime: z.string().min(1),
  filename: z.string().optional(),
  /** Caption. */
  text: z.string().optional(),
  sha256: z.string().optional(),
  id: z.string().optional(),
});

/** `content[]` of an inbound message. `contentType` is not in this endpoint's SDK model but is sent by samples. */
export const genesysInboundContentSchema = z.looseObject({
  contentType: z.literal('Attachment').optional(),
  attachment: genesysInboundAttachmentSchema,
});

export type GenesysFromRecipient = z.infer<typeof genesysFromRecipientSchema>;
export type GenesysToRecipient = z.infer<typeof genesysToRecipientSchema>;
export type GenesysInboundAttachment = z.infer<typeof genesysInboundAttachmentSchema>;
export type GenesysInboundContent = z.infer<typeof genesysInboundContentSchema>;
