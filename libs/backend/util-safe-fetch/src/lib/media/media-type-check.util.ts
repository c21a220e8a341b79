import type { SniffedType } from './mime-sniffer.util';

/** Spellings seen in the wild for the types the media rules name. */
const MIME_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'application/x-pdf': 'application/pdf',
  'application/x-zip-compressed': 'application/zip',
};

/** Types that only say "some bytes": they make no claim to compare with the content. */
const UNINFORMATIVE_TYPES = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/binary',
  'application/download',
  'application/force-download',
  'application/x-download',
  'application/unknown',
]);

/** `Image/JPG; charset=binary` → `image/jpeg`; empty for a missing type. */
export function normaliseMimeType(mimeType: string | undefined): string {
  const base = (mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_ALIASES[base] ?? base;
}

export interface DeclaredMimeType {
  /** Who declared it, for the refusal message: "the attachment", "the server's Content-Type". */
  readonly source: string;
  readonly mimeType: string | undefined;
}

export interface MediaTypeCheck {
  readonly sniffed: SniffedType | undefined;
  /** In order of preference: the first informative one names the result. */
  readonly declared: readonly DeclaredMimeType[];
  readonly allowedMimeTypes: readonly string[];
}

export type MediaTypeVerdict =
  | { readonly ok: true; readonly mimeType: string }
  | {
      readonly ok: false;
      readonly reason: 'mime_mismatch' | 'type_not_allowed';
      /** Human and safe to show (no addresses, no URLs). */
      readonly message: string;
    };

/**
 * The content must be a recognised type, every informative declared type must agree with it,
 * and the resulting type (the first declared one, else the sniffed one) must be allowed.
 */
export function checkMediaType({ sniffed, declared, allowedMimeTypes }: MediaTypeCheck): MediaTypeVerdict {
  const allowed = allowedMimeTypes.map(normaliseMimeType);
  if (!sniffed) {
    return {
      ok: false,
      reason: 'type_not_allowed',
      message: `The attachment's content is not a recognised file type (allowed: ${allowed.join(', ')}).`,
    };
  }
  const informative = declared
    .map(({ source, mimeType }) => ({ source, mimeType: normaliseMimeType(mimeType) }))
    .filter(({ mimeType }) => mimeType !== '' && !UNINFORMATIVE_TYPES.has(mimeType));
  const contradicting = informative.find(({ mimeType }) => !sniffed.compatible.includes(mimeType));
  if (contradicting) {
    return {
      ok: false,
      reason: 'mime_mismatch',
      message: `The attachment's content (${sniffed.mimeType}) does not match the type ${contradicting.source} declares (${contradicting.mimeType}).`,
    };
  }
  const mimeType = informative[0]?.mimeType ?? sniffed.mimeType;
  if (!allowed.includes(mimeType)) {
    return {
      ok: false,
      reason: 'type_not_allowed',
      message: `Attachments of type ${mimeType} are not allowed here (allowed: ${allowed.join(', ')}).`,
    };
  }
  return { ok: true, mimeType };
}
