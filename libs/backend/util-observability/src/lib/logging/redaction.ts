export const REDACTED = '[REDACTED]';

// Keys whose values never reach a log, at any depth (compared without case, `-` and `_`).
const SENSITIVE_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'password',
    'passwordhash',
    'secret',
    'clientsecret',
    'appsecret',
    'webhooksecret',
    'token',
    'accesstoken',
    'refreshtoken',
    'idtoken',
    'apikey',
    'x-api-key',
    'x-hub-signature-256',
    'outboundnotificationwebhooksignaturesecrettoken',
    'privatekey',
    'encryptionkey',
    'code_verifier',
    'client_secret',
    'access_token',
    'refresh_token',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  const normalised = normaliseKey(key);
  return SENSITIVE_KEYS.has(normalised) || normalised.endsWith('secret') || normalised.endsWith('token');
}

const SECRET_IN_TEXT_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(access_token|client_secret|refresh_token|password|token)=([^&\s"]+)/gi,
];

// Query parameters whose name says they carry a credential (hub.verify_token, code, api_key...).
const SECRET_QUERY_PARAMETER =
  /([?&][^=&#\s]*(token|secret|code|password|key|signature)[^=&#\s]*=)[^&#\s"]*/gi;

/** Masks credential values in the query of a URL (request lines in access logs). */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMETER, `$1${REDACTED}`);
}

/** Masks credentials written inside free text (error messages, URLs). */
export function redactText(text: string): string {
  return SECRET_IN_TEXT_PATTERNS.reduce(
    (masked, pattern) => masked.replace(pattern, (_match, label: string) => `${label} ${REDACTED}`),
    text,
  );
}

const MAX_DEPTH = 8;

/** Returns a copy of a log object with sensitive keys and in-text credentials masked. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? REDACTED : redactDeep(item, depth + 1, seen);
  }
  return copy;
}
