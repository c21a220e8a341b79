import { z } from 'zod';
import { WHATSAPP_LIMITS } from './whatsapp.constants';

// `interactive` objects of the send API (spec A3): reply buttons and list menus.

const interactiveTextSchema = z.strictObject({ text: z.string().min(1) });

/** Optional header: `text`, `image`, `video` or `document`; its media fields are left to Meta to check. */
const interactiveHeaderSchema = z.looseObject({ type: z.enum(['text', 'image', 'video', 'document']) });

export const whatsAppReplyButtonSchema = z.strictObject({
  type: z.literal('reply'),
  reply: z.strictObject({
    id: z.string().min(1).max(WHATSAPP_LIMITS.REPLY_BUTTON_ID_MAX_LENGTH),
    title: z.string().min(1).max(WHATSAPP_LIMITS.REPLY_BUTTON_TITLE_MAX_LENGTH),
  }),
});

export const whatsAppInteractiveButtonSchema = z.strictObject({
  type: z.literal('button'),
  header: interactiveHeaderSchema.optional(),
  body: interactiveTextSchema,
  footer: interactiveTextSchema.optional(),
  action: z.strictObject({
    buttons: z.array(whatsAppReplyButtonSchema).min(1).max(WHATSAPP_LIMITS.REPLY_BUTTONS_MAX),
  }),
});

const listRowSchema = z.strictObject({
  id: z.string().min(1).max(WHATSAPP_LIMITS.LIST_ROW_ID_MAX_LENGTH),
  title: z.string().min(1).max(WHATSAPP_LIMITS.LIST_ROW_TITLE_MAX_LENGTH),
  description: z.string().max(WHATSAPP_LIMITS.LIST_ROW_DESCRIPTION_MAX_LENGTH).optional(),
});

const listSectionSchema = z.strictObject({
  title: z.string().max(WHATSAPP_LIMITS.LIST_SECTION_TITLE_MAX_LENGTH).optional(),
  rows: z.array(listRowSchema).min(1),
});

export const whatsAppInteractiveListSchema = z.strictObject({
  type: z.literal('list'),
  header: interactiveHeaderSchema.optional(),
  body: interactiveTextSchema,
  footer: interactiveTextSchema.optional(),
  action: z
    .strictObject({
      /** Label of the button that opens the menu. */
      button: z.string().min(1).max(WHATSAPP_LIMITS.LIST_BUTTON_TEXT_MAX_LENGTH),
      sections: z.array(listSectionSchema).min(1).max(WHATSAPP_LIMITS.LIST_SECTIONS_MAX),
    })
    .refine(
      (action) =>
        action.sections.reduce((rows, section) => rows + section.rows.length, 0) <=
        WHATSAPP_LIMITS.LIST_ROWS_MAX,
      { path: ['sections'], message: `At most ${WHATSAPP_LIMITS.LIST_ROWS_MAX} rows across all sections` },
    ),
});

export const whatsAppInteractiveSchema = z.discriminatedUnion('type', [
  whatsAppInteractiveButtonSchema,
  whatsAppInteractiveListSchema,
]);

export type WhatsAppInteractive = z.infer<typeof whatsAppInteractiveSchema>;
export type WhatsAppInteractiveButton = z.infer<typeof whatsAppInteractiveButtonSchema>;
export type WhatsAppInteractiveList = z.infer<typeof whatsAppInteractiveListSchema>;
export type WhatsAppReplyButton = z.infer<typeof whatsAppReplyButtonSchema>;
