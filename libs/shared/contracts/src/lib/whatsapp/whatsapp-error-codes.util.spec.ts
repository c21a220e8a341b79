import { WHATSAPP_ERROR_CODES, type WhatsAppRetryPolicy } from './whatsapp-error-codes.constants';
import {
  isRetryableWhatsAppError,
  lookupWhatsAppErrorCode,
  whatsAppPairBackoffSeconds,
  whatsAppRetryPolicyFor,
} from './whatsapp-error-codes.util';

describe(whatsAppRetryPolicyFor.name, () => {
  const sut = whatsAppRetryPolicyFor;

  it.each<[number, WhatsAppRetryPolicy]>([
    [0, 'never'],
    [190, 'never'],
    [3, 'never'],
    [10, 'never'],
    [131005, 'never'],
    [4, 'retry-delayed'],
    [80007, 'retry-delayed'],
    [130429, 'retry'],
    [131056, 'pair-backoff'],
    [131048, 'never'],
    [131049, 'never'],
    [368, 'never'],
    [131031, 'never'],
    [131000, 'retry'],
    [131008, 'never'],
    [131009, 'never'],
    [131016, 'retry'],
    [131026, 'never'],
    [131047, 'never'],
    [131050, 'never'],
    [131051, 'never'],
    [131052, 'never'],
    [131053, 'once'],
    [131057, 'retry'],
    [132001, 'never'],
    [133010, 'never'],
    [470, 'never'],
  ])('gives code %i the policy %s', (code, policy) => {
    expect(sut(code)).toBe(policy);
  });

  it('treats a code in neither table as permanent', () => {
    expect(sut(999999)).toBe('never');
  });
});

describe(lookupWhatsAppErrorCode.name, () => {
  const sut = lookupWhatsAppErrorCode;

  it('describes a listed code', () => {
    expect(sut(131047)).toEqual({
      meaning: expect.stringContaining('24 h'),
      retry: 'never',
      category: 'customer-service-window',
    });
  });

  it.each([200, 250, 299])('classes permission code %i by its range', (code) => {
    expect(sut(code)?.category).toBe('permission');
  });

  it('classes an unlisted 1320xx code as a template error', () => {
    expect(sut(132099)?.category).toBe('template');
  });

  it('prefers the exact entry of a code inside a range', () => {
    expect(sut(132015)?.meaning).toBe('Template paused');
  });

  it('treats 470 like 131047', () => {
    expect(sut(470)).toMatchObject({ retry: 'never', category: 'customer-service-window' });
  });

  it.each([1, 300, 131999, 132100])('knows nothing of code %i', (code) => {
    expect(sut(code)).toBeUndefined();
  });

  it('has a meaning for every listed code', () => {
    expect(Object.values(WHATSAPP_ERROR_CODES).every((info) => info.meaning.length > 0)).toBe(true);
  });
});

describe(isRetryableWhatsAppError.name, () => {
  it.each([
    [130429, true],
    [131053, true],
    [131056, true],
    [131047, false],
    [190, false],
  ])('says code %i is retryable: %s', (code, expected) => {
    expect(isRetryableWhatsAppError(code)).toBe(expected);
  });
});

describe(whatsAppPairBackoffSeconds.name, () => {
  const sut = whatsAppPairBackoffSeconds;

  it('waits 4^X seconds', () => {
    expect([0, 1, 2, 3].map(sut)).toEqual([1, 4, 16, 64]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses attempt %p', (attempt) => {
    expect(() => sut(attempt)).toThrow(RangeError);
  });
});
