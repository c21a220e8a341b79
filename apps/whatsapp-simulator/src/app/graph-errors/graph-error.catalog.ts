import { newFbTraceId } from '../common/ids.util';

/**
 * The error codes of the WhatsApp Cloud API (spec A5) with the HTTP status this simulator answers
 * them with. Meta's own HTTP statuses vary (clients must key on `code`); our choices:
 * 190/0 → 401; permission codes → 403; rate limits (4, 80007, 130429, 131056) → 429;
 * 131000 → 500; 131016/131057 (temporarily unavailable) → 503; everything else → 400.
 * A fault may override the status (e.g. 400 for a rate limit, as Meta is also seen to answer).
 */
export interface GraphErrorDefinition {
  readonly httpStatus: number;
  /** Short name: `title` of async errors, and the text after `(#code)` in sync error messages. */
  readonly title: string;
  readonly details: string;
  readonly type?: string;
}

export const ERROR_CODES_HREF =
  'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

const DEFINITIONS: Record<number, GraphErrorDefinition> = {
  0: { httpStatus: 401, title: 'AuthException', details: 'We were unable to authenticate the app user.' },
  3: { httpStatus: 400, title: 'API Method', details: 'Capability or permissions issue.' },
  4: {
    httpStatus: 429,
    title: 'Application request limit reached',
    details: 'The app has reached its API call rate limit.',
  },
  10: {
    httpStatus: 403,
    title: 'Permission denied',
    details: 'Permission is either not granted or has been removed.',
  },
  100: {
    httpStatus: 400,
    title: 'Invalid parameter',
    details: 'The request included one or more unsupported or misspelled parameters.',
  },
  190: {
    httpStatus: 401,
    title: 'Access token has expired',
    details: 'Error validating access token: Session has expired.',
  },
  200: {
    httpStatus: 403,
    title: 'Permission error',
    details: 'Permission is either not granted or has been removed.',
  },
  368: {
    httpStatus: 400,
    title: 'Temporarily blocked for policies violations',
    details:
      'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.',
  },
  80007: {
    httpStatus: 429,
    title: 'Rate limit issues',
    details: 'The WhatsApp Business Account has reached its rate limit.',
  },
  130429: {
    httpStatus: 429,
    title: 'Rate limit hit',
    details:
      'Message failed to send because there were too many messages sent from this phone number in a short period of time',
  },
  131000: {
    httpStatus: 500,
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
  },
  131005: {
    httpStatus: 403,
    title: 'Access denied',
    details: 'Permission is either not granted or has been removed.',
  },
  131008: {
    httpStatus: 400,
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
  },
  131009: {
    httpStatus: 400,
    title: 'Parameter value is not valid',
    details: 'One or more parameter values are invalid.',
  },
  131016: { httpStatus: 503, title: 'Service unavailable', details: 'A service is temporarily unavailable.' },
  131021: {
    httpStatus: 400,
    title: 'Recipient cannot be sender',
    details: 'Sender and recipient phone number is the same.',
  },
  131026: {
    httpStatus: 400,
    title: 'Message undeliverable',
    details:
      'Message failed to send because the recipient is not on WhatsApp, has not accepted the terms of service, or uses an old app version.',
  },
  131031: {
    httpStatus: 400,
    title: 'Account has been locked',
    details: 'The WhatsApp Business Account has been restricted or disabled for violating a platform policy.',
  },
  131042: {
    httpStatus: 400,
    title: 'Business eligibility payment issue',
    details: 'There was an error related to the payment method.',
  },
  131047: {
    httpStatus: 400,
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    httpStatus: 400,
    title: 'Spam rate limit hit',
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number.',
  },
  131049: {
    httpStatus: 400,
    title: 'Meta chose not to deliver.',
    details: 'This message was not delivered to maintain healthy ecosystem engagement.',
  },
  131050: {
    httpStatus: 400,
    title: 'User has stopped marketing messages',
    details:
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  },
  131051: {
    httpStatus: 400,
    title: 'Message type unknown',
    details: 'Message type is currently not supported.',
  },
  131052: {
    httpStatus: 400,
    title: 'Media download error',
    details: 'Unable to download the media sent by the user.',
  },
  131053: {
    httpStatus: 400,
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
  },
  131056: {
    httpStatus: 429,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  131057: {
    httpStatus: 503,
    title: 'Account in maintenance mode',
    details: 'Business Account is in maintenance mode.',
  },
  132000: {
    httpStatus: 400,
    title: 'Number of parameters does not match the expected number of params',
    details:
      'The number of variable parameter values does not match the number of variables defined in the template.',
  },
  132001: {
    httpStatus: 400,
    title: 'Template name does not exist in the translation',
    details: 'The template does not exist in the specified language or has not been approved.',
  },
  132005: { httpStatus: 400, title: 'Translated text too long', details: 'Translated text is too long.' },
  132007: {
    httpStatus: 400,
    title: 'Format character policy violated',
    details: 'Template content violates a WhatsApp policy.',
  },
  132012: {
    httpStatus: 400,
    title: 'Parameter format does not match format in the created template',
    details: 'Variable parameter values are formatted incorrectly.',
  },
  132015: {
    httpStatus: 400,
    title: 'Template is paused',
    details: 'The template is paused due to low quality.',
  },
  132016: {
    httpStatus: 400,
    title: 'Template is disabled',
    details: 'The template has been paused too many times due to low quality and is now disabled.',
  },
  133005: {
    httpStatus: 400,
    title: 'Two step verification PIN Mismatch',
    details: 'The two-step verification PIN given does not match the PIN set for this number.',
  },
  133010: {
    httpStatus: 400,
    title: 'Account not registered',
    details: 'The phone number is not registered on the WhatsApp Business Platform.',
  },
};

export const KNOWN_ERROR_CODES: readonly number[] = Object.keys(DEFINITIONS).map(Number);

export function graphErrorDefinition(code: number): GraphErrorDefinition {
  return (
    DEFINITIONS[code] ?? { httpStatus: 400, title: `Error ${code}`, details: `Simulated error ${code}.` }
  );
}

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

export interface GraphErrorOverrides {
  readonly message?: string;
  readonly details?: string;
  readonly type?: string;
  readonly subcode?: number;
}

const AUTH_CODES = new Set([0, 190]);

/**
 * A synchronous Graph error body (samples/wa-error-*.json): `(#code) title` as message and
 * `error_data.details`; auth errors carry a plain message and no `error_data` (wa-error-190.json).
 */
export function graphErrorBody(code: number, overrides: GraphErrorOverrides = {}): GraphErrorBody {
  const definition = graphErrorDefinition(code);
  const isAuth = AUTH_CODES.has(code);
  return {
    error: {
      message: overrides.message ?? (isAuth ? definition.details : `(#${code}) ${definition.title}`),
      type: overrides.type ?? definition.type ?? 'OAuthException',
      code,
      ...(overrides.subcode === undefined ? {} : { error_subcode: overrides.subcode }),
      ...(isAuth && overrides.details === undefined
        ? {}
        : {
            error_data: {
              messaging_product: 'whatsapp' as const,
              details: overrides.details ?? definition.details,
            },
          }),
      fbtrace_id: newFbTraceId(),
    },
  };
}

export interface AsyncErrorObject {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

/** The error object of `statuses[].errors[]` and `value.errors[]` (samples/wa-status-failed-131047.json). */
export function asyncErrorObject(code: number, details?: string): AsyncErrorObject {
  const definition = graphErrorDefinition(code);
  return {
    code,
    title: definition.title,
    message: definition.title,
    error_data: { details: details ?? definition.details },
    href: ERROR_CODES_HREF,
  };
}
