import { PermanentError, RetryLaterError } from '@switchboard/backend-util-messaging';
import {
  genesysReasonForWhatsAppError,
  lookupWhatsAppErrorCode,
  type DeliveryFailure,
  type GenesysReceiptReasonCode,
} from '@switchboard/shared-contracts';
import {
  InvalidSendRequestError,
  StoredMediaUnusableError,
  UndeliverableError,
  WhatsAppCircuitOpenError,
  WhatsAppCredentialsRejectedError,
  WhatsAppPairRateExhaustedError,
  WhatsAppRequestRejectedError,
  WhatsAppUnexpectedAnswerError,
  WhatsAppUnavailableError,
  type GraphErrorDetails,
} from '../graph/whatsapp.errors';

/**
 * What to do with a delivery that failed:
 * - `failure`: the failed outcome to publish (the agent gets a Failed receipt), or none;
 * - `settle`: `ack` when the message is finished with (WhatsApp refused it for good: retrying
 *   or replaying cannot help), `rethrow` to let the queue retry or dead-letter it.
 */
export interface FailurePlan {
  readonly failure?: DeliveryFailure;
  readonly settle: 'ack' | 'rethrow';
}

export interface FailureCircumstances {
  /** The queue will dead-letter the message when the error is rethrown (no retry left). */
  readonly final: boolean;
  /** Every part reached WhatsApp: only the bookkeeping failed, the customer has the message. */
  readonly allPartsSent: boolean;
}

const AGENT_MESSAGE_MAX_CHARS = 500;

function forAgent(message: string): string {
  return message.length > AGENT_MESSAGE_MAX_CHARS ? `${message.slice(0, AGENT_MESSAGE_MAX_CHARS)}…` : message;
}

function whatsAppFailure(
  details: GraphErrorDetails,
  reason = genesysReasonForWhatsAppError(details.code),
): DeliveryFailure {
  const meaning = details.code === undefined ? undefined : lookupWhatsAppErrorCode(details.code)?.meaning;
  const what = meaning ?? details.message;
  return {
    stage: 'send',
    reason,
    message: forAgent(
      details.code === undefined
        ? `WhatsApp refused the message: ${what}`
        : `WhatsApp refused the message: ${what} (error ${details.code})`,
    ),
    ...(details.code === undefined ? {} : { whatsappErrorCode: details.code }),
    templateRequired: details.category === 'customer-service-window',
  };
}

function failure(
  reason: GenesysReceiptReasonCode,
  message: string,
  whatsappErrorCode?: number,
): DeliveryFailure {
  return {
    stage: 'send',
    reason,
    message: forAgent(message),
    ...(whatsappErrorCode === undefined ? {} : { whatsappErrorCode }),
    templateRequired: false,
  };
}

/**
 * The error policy of spec A5 for one delivery (the queue's retry policy decides `final`):
 * - a code WhatsApp will not change its mind about (131047, 131026, 131050, 1320xx, 131053 after
 *   one re-upload, a renewed token refused again, …) → failed outcome with the mapped reason,
 *   acknowledged: no retry, no dead letter;
 * - a bad request (131008/131009, our own validation, an unreadable 2xx, a 4xx without a Graph
 *   error, unusable stored media) → failed outcome and dead letter (a bug to look at);
 * - a retryable failure (5xx, timeouts, 130429/131000/131016/131057, rate limits, an open
 *   breaker, an internal service down) → retried; once no retry is left, failed outcome
 *   (RateLimited / ServerError) and dead letter with the reason;
 * - a delivery for another tenant's number or a suspended tenant → dead letter only;
 * - once every part reached WhatsApp, never a failed outcome: the customer has the message.
 */
export function planDeliveryFailure(error: unknown, circumstances: FailureCircumstances): FailurePlan {
  if (error instanceof UndeliverableError || circumstances.allPartsSent) return { settle: 'rethrow' };
  if (error instanceof WhatsAppRequestRejectedError) {
    const { details } = error;
    const bug = details.code === undefined || details.category === 'invalid-request';
    return { failure: whatsAppFailure(details), settle: bug ? 'rethrow' : 'ack' };
  }
  if (error instanceof WhatsAppCredentialsRejectedError) {
    return {
      failure: failure(
        genesysReasonForWhatsAppError(error.details.code),
        'WhatsApp refused the business’s access token: an administrator must renew the WhatsApp credentials',
        error.details.code,
      ),
      settle: 'ack',
    };
  }
  if (error instanceof WhatsAppPairRateExhaustedError) {
    return {
      failure: failure(
        'RateLimited',
        'WhatsApp kept refusing more messages to this customer for now (pair rate limit)',
        131056,
      ),
      settle: 'rethrow',
    };
  }
  if (error instanceof InvalidSendRequestError) {
    return {
      failure: failure(
        'InvalidMessageStructure',
        `The message cannot be sent to WhatsApp as built: ${error.message}`,
      ),
      settle: 'rethrow',
    };
  }
  if (error instanceof WhatsAppUnexpectedAnswerError) {
    return {
      failure: failure('GeneralError', 'WhatsApp answered the send unreadably; it was not sent again'),
      settle: 'rethrow',
    };
  }
  if (error instanceof StoredMediaUnusableError) {
    return {
      failure: failure('GeneralError', 'The attachment could not be read back from storage'),
      settle: 'rethrow',
    };
  }
  if (!circumstances.final) return { settle: 'rethrow' };
  return { failure: exhausted(error), settle: 'rethrow' };
}

/** The failure told to the agent once retries (or waits) are used up. */
function exhausted(error: unknown): DeliveryFailure {
  if (error instanceof WhatsAppUnavailableError) {
    const code = error.details?.code;
    const rateLimited = code !== undefined && lookupWhatsAppErrorCode(code)?.category === 'rate-limit';
    return failure(
      rateLimited ? 'RateLimited' : 'ServerError',
      rateLimited
        ? 'WhatsApp kept refusing messages from this number (throughput limit); gave up retrying'
        : 'WhatsApp was unavailable; gave up retrying',
      code,
    );
  }
  if (error instanceof WhatsAppCircuitOpenError) {
    return failure('ServerError', 'WhatsApp kept failing for this business; gave up waiting');
  }
  if (error instanceof RetryLaterError) {
    const details = (error as { details?: GraphErrorDetails }).details;
    return failure('RateLimited', 'WhatsApp kept rate-limiting this number; gave up waiting', details?.code);
  }
  if (error instanceof PermanentError) {
    return failure('GeneralError', 'Switchboard could not prepare the message for WhatsApp');
  }
  return failure(
    'ServerError',
    'Switchboard could not send the message: an internal service was unavailable',
  );
}
