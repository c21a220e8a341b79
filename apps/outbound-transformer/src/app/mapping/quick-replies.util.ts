import { WHATSAPP_LIMITS, type WhatsAppInteractive } from '@switchboard/shared-contracts';

/** One Genesys quick reply (`content[].quickReply`). */
export interface QuickReplyOption {
  /** The label; also what the customer's answer says. */
  readonly text: string;
  /** What Genesys gets back when it is chosen (the text when empty). */
  readonly payload: string;
}

/** Meta's limit on the body of an interactive message (not in the contracts' schema). */
export const INTERACTIVE_BODY_MAX_LENGTH = 1024;
/** Label of the button that opens a list menu. */
export const LIST_BUTTON_LABEL = 'Options';
/** Body of a menu whose question was too long to carry it (the question goes first as text). */
export const DEFAULT_MENU_BODY = 'Please choose an option.';

export type QuickReplyRendering =
  | { readonly type: 'interactive'; readonly interactive: WhatsAppInteractive }
  | { readonly type: 'text'; readonly text: string };

/**
 * How WhatsApp shows a Genesys quick-reply question: up to 3 options whose labels fit a reply
 * button (20 characters) become buttons; up to 10 whose labels fit a list row (24) become a
 * list menu; anything else is written out as text with the options numbered. The option's id is
 * its payload, so the customer's answer carries it back.
 */
export function renderQuickReplies(body: string, options: readonly QuickReplyOption[]): QuickReplyRendering {
  const cleaned = options.map((option) => ({
    title: option.text.trim(),
    id: option.payload.trim() === '' ? option.text.trim() : option.payload,
  }));
  const ids = new Set(cleaned.map((option) => option.id));
  const usable = ids.size === cleaned.length && cleaned.every((option) => option.title !== '');
  if (usable && body.length <= INTERACTIVE_BODY_MAX_LENGTH) {
    const fits = (maxTitle: number, maxId: number) =>
      cleaned.every((option) => option.title.length <= maxTitle && option.id.length <= maxId);
    if (
      cleaned.length <= WHATSAPP_LIMITS.REPLY_BUTTONS_MAX &&
      fits(WHATSAPP_LIMITS.REPLY_BUTTON_TITLE_MAX_LENGTH, WHATSAPP_LIMITS.REPLY_BUTTON_ID_MAX_LENGTH)
    ) {
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: body },
          action: {
            buttons: cleaned.map((option) => ({
              type: 'reply' as const,
              reply: { id: option.id, title: option.title },
            })),
          },
        },
      };
    }
    if (
      cleaned.length <= WHATSAPP_LIMITS.LIST_ROWS_MAX &&
      fits(WHATSAPP_LIMITS.LIST_ROW_TITLE_MAX_LENGTH, WHATSAPP_LIMITS.LIST_ROW_ID_MAX_LENGTH)
    ) {
      return {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: body },
          action: {
            button: LIST_BUTTON_LABEL,
            sections: [{ rows: cleaned.map((option) => ({ id: option.id, title: option.title })) }],
          },
        },
      };
    }
  }
  const list = options.map((option, index) => `${index + 1}. ${option.text.trim()}`).join('\n');
  return { type: 'text', text: body.trim() === '' ? list : `${body}\n\n${list}` };
}
