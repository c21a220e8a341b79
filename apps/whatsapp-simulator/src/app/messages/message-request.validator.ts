import { GraphApiException } from '../graph-errors/graph-api.exception';

type Json = Record<string, unknown>;

export type ValidatedSend =
  | { readonly kind: 'message'; readonly to: string; readonly waId: string; readonly type: string }
  | { readonly kind: 'mark_read' | 'typing_indicator'; readonly messageId: string };

export const TEXT_BODY_MAX = 4096;
export const CAPTION_MAX = 1024;
export const BUTTON_TITLE_MAX = 20;
export const BUTTON_ID_MAX = 256;
export const MAX_REPLY_BUTTONS = 3;

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
const MESSAGE_TYPES = [...MEDIA_TYPES, 'text', 'location', 'contacts', 'interactive', 'template', 'reaction'];
const INTERACTIVE_TYPES = [
  'button',
  'list',
  'cta_url',
  'product',
  'product_list',
  'catalog_message',
  'flow',
  'location_request_message',
];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectField(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (value === undefined || value === null) throw GraphApiException.missing(path);
  if (!isObject(value)) throw GraphApiException.invalid(path, 'must be an object');
  return value;
}

function optionalObjectField(parent: Json, key: string, path: string): Json | undefined {
  return parent[key] === undefined ? undefined : objectField(parent, key, path);
}

function stringField(parent: Json, key: string, path: string, maxLength?: number): string {
  const value = parent[key];
  if (value === undefined || value === null || value === '') throw GraphApiException.missing(path);
  if (typeof value !== 'string') throw GraphApiException.invalid(path, 'must be a string');
  if (maxLength !== undefined && [...value].length > maxLength) {
    throw GraphApiException.invalid(path, `must be at most ${maxLength} characters long`);
  }
  return value;
}

function optionalStringField(
  parent: Json,
  key: string,
  path: string,
  maxLength?: number,
): string | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw GraphApiException.invalid(path, 'must be a string');
  if (maxLength !== undefined && [...value].length > maxLength) {
    throw GraphApiException.invalid(path, `must be at most ${maxLength} characters long`);
  }
  return value;
}

function arrayField(parent: Json, key: string, path: string, min: number, max: number): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) throw GraphApiException.missing(path);
  if (!Array.isArray(value)) throw GraphApiException.invalid(path, 'must be an array');
  if (value.length < min)
    throw GraphApiException.invalid(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
  if (value.length > max) throw GraphApiException.invalid(path, `must have at most ${max} items`);
  return value;
}

function numberField(parent: Json, key: string, path: string): void {
  const value = parent[key];
  if (value === undefined || value === null || value === '') throw GraphApiException.missing(path);
  if (!Number.isFinite(typeof value === 'string' ? Number(value) : value)) {
    throw GraphApiException.invalid(path, 'must be a number');
  }
}

function elementObject(value: unknown, path: string): Json {
  if (!isObject(value)) throw GraphApiException.invalid(path, 'must be an object');
  return value;
}

function validateText(text: Json): void {
  stringField(text, 'body', 'text.body', TEXT_BODY_MAX);
  if (text['preview_url'] !== undefined && typeof text['preview_url'] !== 'boolean') {
    throw GraphApiException.invalid('text.preview_url', 'must be a boolean');
  }
}

function validateMedia(type: (typeof MEDIA_TYPES)[number], media: Json): void {
  const hasId = media['id'] !== undefined;
  const hasLink = media['link'] !== undefined;
  if (!hasId && !hasLink) throw GraphApiException.missing(`${type}.id`);
  if (hasId && hasLink) throw GraphApiException.invalid(type, "must contain either 'id' or 'link', not both");
  if (hasId) stringField(media, 'id', `${type}.id`);
  if (hasLink) {
    const link = stringField(media, 'link', `${type}.link`);
    if (!/^https?:\/\/\S+$/i.test(link))
      throw GraphApiException.invalid(`${type}.link`, 'must be an http(s) URL');
  }
  if (media['caption'] !== undefined) {
    if (type === 'audio' || type === 'sticker') {
      throw GraphApiException.invalid(`${type}.caption`, `is not allowed for ${type} messages`);
    }
    optionalStringField(media, 'caption', `${type}.caption`, CAPTION_MAX);
  }
  if (media['filename'] !== undefined) {
    if (type !== 'document')
      throw GraphApiException.invalid(`${type}.filename`, 'is only allowed for document messages');
    optionalStringField(media, 'filename', 'document.filename', 240);
  }
}

function validateReplyButtons(action: Json): void {
  const buttons = arrayField(action, 'buttons', 'interactive.action.buttons', 1, MAX_REPLY_BUTTONS);
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((element, index) => {
    const path = `interactive.action.buttons[${index}]`;
    const button = elementObject(element, path);
    if (stringField(button, 'type', `${path}.type`) !== 'reply')
      throw GraphApiException.invalid(`${path}.type`, "must be 'reply'");
    const reply = objectField(button, 'reply', `${path}.reply`);
    const id = stringField(reply, 'id', `${path}.reply.id`, BUTTON_ID_MAX);
    const title = stringField(reply, 'title', `${path}.reply.title`, BUTTON_TITLE_MAX);
    if (ids.has(id)) throw GraphApiException.invalid(`${path}.reply.id`, 'must be unique');
    if (titles.has(title)) throw GraphApiException.invalid(`${path}.reply.title`, 'must be unique');
    ids.add(id);
    titles.add(title);
  });
}

function validateListAction(action: Json): void {
  stringField(action, 'button', 'interactive.action.button', 20);
  const sections = arrayField(action, 'sections', 'interactive.action.sections', 1, 10);
  let rowCount = 0;
  sections.forEach((element, sectionIndex) => {
    const path = `interactive.action.sections[${sectionIndex}]`;
    const section = elementObject(element, path);
    if (sections.length > 1) stringField(section, 'title', `${path}.title`, 24);
    else optionalStringField(section, 'title', `${path}.title`, 24);
    const rows = arrayField(section, 'rows', `${path}.rows`, 1, 10);
    rows.forEach((rowElement, rowIndex) => {
      const rowPath = `${path}.rows[${rowIndex}]`;
      const row = elementObject(rowElement, rowPath);
      stringField(row, 'id', `${rowPath}.id`, 200);
      stringField(row, 'title', `${rowPath}.title`, 24);
      optionalStringField(row, 'description', `${rowPath}.description`, 72);
    });
    rowCount += rows.length;
  });
  if (rowCount > 10)
    throw GraphApiException.invalid('interactive.action.sections', 'must have at most 10 rows in total');
}

function validateInteractive(interactive: Json): void {
  const type = stringField(interactive, 'type', 'interactive.type');
  if (!INTERACTIVE_TYPES.includes(type))
    throw GraphApiException.invalid('interactive.type', `has an unsupported value '${type}'`);
  const action = objectField(interactive, 'action', 'interactive.action');
  if (type === 'button' || type === 'list') {
    stringField(objectField(interactive, 'body', 'interactive.body'), 'text', 'interactive.body.text', 1024);
    const footer = optionalObjectField(interactive, 'footer', 'interactive.footer');
    if (footer) stringField(footer, 'text', 'interactive.footer.text', 60);
    if (type === 'button') validateReplyButtons(action);
    else validateListAction(action);
  }
}

function validateTemplate(template: Json): void {
  stringField(template, 'name', 'template.name', 512);
  stringField(objectField(template, 'language', 'template.language'), 'code', 'template.language.code');
  if (template['components'] !== undefined) {
    arrayField(template, 'components', 'template.components', 0, 100).forEach((component, index) =>
      stringField(
        elementObject(component, `template.components[${index}]`),
        'type',
        `template.components[${index}].type`,
      ),
    );
  }
}

function validateContacts(contacts: unknown): void {
  arrayField({ contacts }, 'contacts', 'contacts', 1, 257).forEach((element, index) => {
    const contact = elementObject(element, `contacts[${index}]`);
    stringField(
      objectField(contact, 'name', `contacts[${index}].name`),
      'formatted_name',
      `contacts[${index}].name.formatted_name`,
    );
  });
}

function validateTypeObject(type: string, body: Json): void {
  if (type === 'contacts') return validateContacts(body['contacts']);
  const content = objectField(body, type, type);
  switch (type) {
    case 'text':
      return validateText(content);
    case 'location':
      numberField(content, 'latitude', 'location.latitude');
      numberField(content, 'longitude', 'location.longitude');
      return;
    case 'interactive':
      return validateInteractive(content);
    case 'template':
      return validateTemplate(content);
    case 'reaction':
      stringField(content, 'message_id', 'reaction.message_id');
      optionalStringField(content, 'emoji', 'reaction.emoji');
      return;
    default:
      return validateMedia(type as (typeof MEDIA_TYPES)[number], content);
  }
}

function validateMarkAsRead(body: Json): ValidatedSend {
  if (body['status'] !== 'read') throw GraphApiException.invalid('status', "must be 'read'");
  const messageId = stringField(body, 'message_id', 'message_id');
  const typing = optionalObjectField(body, 'typing_indicator', 'typing_indicator');
  if (typing && stringField(typing, 'type', 'typing_indicator.type') !== 'text') {
    throw GraphApiException.invalid('typing_indicator.type', "must be 'text'");
  }
  return { kind: typing ? 'typing_indicator' : 'mark_read', messageId };
}

/**
 * Validates a send request body as the Cloud API does (spec A3) and answers like it: 131008
 * for a missing parameter, 131009 for an invalid value, `error_data.details` naming the field.
 */
export function validateSendRequest(body: unknown): ValidatedSend {
  if (!isObject(body)) throw GraphApiException.missing('messaging_product');
  if (body['messaging_product'] === undefined) throw GraphApiException.missing('messaging_product');
  if (body['messaging_product'] !== 'whatsapp')
    throw GraphApiException.invalid('messaging_product', "must be 'whatsapp'");
  if (body['status'] !== undefined) return validateMarkAsRead(body);
  if (body['recipient_type'] !== undefined && body['recipient_type'] !== 'individual') {
    throw GraphApiException.invalid('recipient_type', "must be 'individual'");
  }
  const to = stringField(body, 'to', 'to');
  const waId = to.replace(/[\s()+-]/g, '');
  if (!/^\d{5,20}$/.test(waId))
    throw GraphApiException.invalid('to', 'must be a phone number or WhatsApp id');
  // Graph defaults a missing type to text.
  const type = body['type'] === undefined ? 'text' : stringField(body, 'type', 'type');
  if (!MESSAGE_TYPES.includes(type))
    throw GraphApiException.invalid('type', `has an unsupported value '${type}'`);
  validateTypeObject(type, body);
  const context = optionalObjectField(body, 'context', 'context');
  if (context) stringField(context, 'message_id', 'context.message_id');
  optionalStringField(body, 'biz_opaque_callback_data', 'biz_opaque_callback_data', 512);
  return { kind: 'message', to, waId, type };
}
