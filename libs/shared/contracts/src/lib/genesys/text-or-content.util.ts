// Rule shared by the message models that need `text` and/or `content[]`; the error is reported on `text`.

export function hasTextOrContent(message: {
  text?: string | undefined;
  content?: readonly unknown[] | undefined;
}): boolean {
  return (message.text !== undefined && message.text.length > 0) || (message.content?.length ?? 0) > 0;
}

export const TEXT_OR_CONTENT_REQUIRED = { path: ['text'], message: 'Either text or content[] is required' };
