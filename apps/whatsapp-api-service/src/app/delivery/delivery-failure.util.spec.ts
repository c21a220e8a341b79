import { InternalServiceUnavailableError } from '@switchboard/backend-data-access-platform-clients';
import {
  InvalidSendRequestError,
  StoredMediaUnusableError,
  UndeliverableError,
  WhatsAppCircuitOpenError,
  WhatsAppCredentialsRejectedError,
  WhatsAppPairRateExhaustedError,
  WhatsAppPairRateLimitedError,
  WhatsAppRateLimitedError,
  WhatsAppRequestRejectedError,
  WhatsAppThrottledError,
  WhatsAppUnexpectedAnswerError,
  WhatsAppUnavailableError,
  type GraphErrorDetails,
} from '../graph/whatsapp.errors';
import { planDeliveryFailure } from './delivery-failure.util';

const rejected = (code: number | undefined, category?: GraphErrorDetails['category']) =>
  new WhatsAppRequestRejectedError('WhatsApp refused the message', {
    status: 400,
    code,
    category,
    message: 'refused',
  });

const NOT_FINAL = { final: false, allPartsSent: false };
const FINAL = { final: true, allPartsSent: false };

describe(planDeliveryFailure.name, () => {
  it('fails 131047 at once, telling the agent a template is needed, without retry or dead letter', () => {
    expect(planDeliveryFailure(rejected(131047, 'customer-service-window'), NOT_FINAL)).toEqual({
      failure: {
        stage: 'send',
        reason: 'MessageExpired',
        message:
          'WhatsApp refused the message: More than 24 h since the customer last replied: a template is needed (error 131047)',
        whatsappErrorCode: 131047,
        templateRequired: true,
      },
      settle: 'ack',
    });
  });

  it.each([
    [131026, 'recipient', 'InvalidDestination'],
    [131050, 'recipient', 'RecipientOptedOut'],
    [131053, 'media', 'MediaTypeNotAllowed'],
    [131048, 'quality', 'RateLimited'],
    [132001, 'template', 'GeneralError'],
    [368, 'policy', 'GeneralError'],
    [987654, undefined, 'GeneralError'],
  ] as const)('fails code %i with its mapped reason and acknowledges it', (code, category, reason) => {
    const plan = planDeliveryFailure(rejected(code, category), NOT_FINAL);

    expect(plan.settle).toBe('ack');
    expect(plan.failure).toMatchObject({ reason, whatsappErrorCode: code, templateRequired: false });
  });

  it.each([131008, 131009])('fails and dead-letters the bad request %i (a bug)', (code) => {
    const plan = planDeliveryFailure(rejected(code, 'invalid-request'), NOT_FINAL);

    expect(plan).toEqual({
      failure: expect.objectContaining({ reason: 'InvalidMessageStructure', whatsappErrorCode: code }),
      settle: 'rethrow',
    });
  });

  it('fails and dead-letters a 4xx without a Graph error body', () => {
    expect(planDeliveryFailure(rejected(undefined), NOT_FINAL)).toEqual({
      failure: expect.objectContaining({
        reason: 'GeneralError',
        message: 'WhatsApp refused the message: refused',
      }),
      settle: 'rethrow',
    });
  });

  it('fails a renewed token refused again without dead letter: the alert metric tells operators', () => {
    const error = new WhatsAppCredentialsRejectedError('refused twice', {
      status: 401,
      code: 190,
      message: 'expired',
    });

    expect(planDeliveryFailure(error, NOT_FINAL)).toEqual({
      failure: expect.objectContaining({
        reason: 'GeneralError',
        whatsappErrorCode: 190,
        templateRequired: false,
      }),
      settle: 'ack',
    });
  });

  it('fails and dead-letters what we built wrong or cannot read', () => {
    for (const error of [
      new InvalidSendRequestError('invalid WhatsApp send body: text.body: Required'),
      new WhatsAppUnexpectedAnswerError('no wamid'),
      new StoredMediaUnusableError('gone'),
    ]) {
      const plan = planDeliveryFailure(error, NOT_FINAL);
      expect(plan.settle).toBe('rethrow');
      expect(plan.failure?.reason).toBe(
        error instanceof InvalidSendRequestError ? 'InvalidMessageStructure' : 'GeneralError',
      );
    }
  });

  it('retries transient failures without telling the agent while retries are left', () => {
    for (const error of [
      new WhatsAppUnavailableError('server_error', 'HTTP 500'),
      new WhatsAppUnavailableError('transient_code', '131000', { code: 131000, message: 'x' }),
      new WhatsAppRateLimitedError(60_000, 'code 4', { code: 4, message: 'x' }),
      new WhatsAppPairRateLimitedError(4_000, '131056', { code: 131056, message: 'x' }),
      new WhatsAppThrottledError(1_000, 'rate'),
      new WhatsAppCircuitOpenError('tenant-a', 60_000),
      new InternalServiceUnavailableError('state-manager answered 503'),
    ]) {
      expect(planDeliveryFailure(error, NOT_FINAL)).toEqual({ settle: 'rethrow' });
    }
  });

  it('tells the agent ServerError or RateLimited once no retry is left, and dead-letters', () => {
    const reasonOf = (error: unknown) => planDeliveryFailure(error, FINAL).failure?.reason;

    expect(reasonOf(new WhatsAppUnavailableError('server_error', 'HTTP 503'))).toBe('ServerError');
    expect(reasonOf(new WhatsAppUnavailableError('timeout', 'no answer'))).toBe('ServerError');
    expect(
      reasonOf(new WhatsAppUnavailableError('transient_code', 'x', { code: 130429, message: 'x' })),
    ).toBe('RateLimited');
    expect(reasonOf(new WhatsAppRateLimitedError(60_000, 'x', { code: 80007, message: 'x' }))).toBe(
      'RateLimited',
    );
    expect(reasonOf(new WhatsAppCircuitOpenError('tenant-a', 60_000))).toBe('ServerError');
    expect(reasonOf(new InternalServiceUnavailableError('auth-service answered 503'))).toBe('ServerError');
    expect(planDeliveryFailure(new WhatsAppUnavailableError('server_error', 'HTTP 500'), FINAL).settle).toBe(
      'rethrow',
    );
  });

  it('fails and dead-letters a customer who kept rate-limiting us after the paced retries', () => {
    const error = new WhatsAppPairRateExhaustedError('131056 again', { code: 131056, message: 'x' });

    expect(planDeliveryFailure(error, NOT_FINAL)).toEqual({
      failure: expect.objectContaining({ reason: 'RateLimited', whatsappErrorCode: 131056 }),
      settle: 'rethrow',
    });
  });

  it('only dead-letters a delivery for another tenant’s number, without an outcome', () => {
    expect(planDeliveryFailure(new UndeliverableError('cross-tenant'), FINAL)).toEqual({ settle: 'rethrow' });
  });

  it('never tells the agent a message failed once every part reached WhatsApp', () => {
    expect(
      planDeliveryFailure(new InternalServiceUnavailableError('state-manager answered 503'), {
        final: true,
        allPartsSent: true,
      }),
    ).toEqual({ settle: 'rethrow' });
  });
});
