import { createHmac } from 'node:crypto';
import {
  signGenesysWebhook,
  signMetaWebhook,
  verifyGenesysWebhook,
  verifyMetaWebhook,
  verifyWebhookSignature,
} from './webhook-signatures';

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const secret = 'app-secret-for-tests-only';

describe('webhook signatures', () => {
  it('signs Meta webhooks as sha256= + lowercase hex of the HMAC of the raw body', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signMetaWebhook(body, secret)).toBe(`sha256=${expected}`);
  });

  it('signs Genesys webhooks as sha256= + base64 of the HMAC of the raw body', () => {
    const expected = createHmac('sha256', secret).update(body).digest('base64');
    expect(signGenesysWebhook(body, secret)).toBe(`sha256=${expected}`);
  });

  it('verifies a correct signature of each format', () => {
    expect(verifyMetaWebhook(body, signMetaWebhook(body, secret), secret)).toBe(true);
    expect(verifyGenesysWebhook(body, signGenesysWebhook(body, secret), secret)).toBe(true);
  });

  it('accepts an upper-case hex digest from Meta', () => {
    const header = 'sha256=' + signMetaWebhook(body, secret).slice('sha256='.length).toUpperCase();
    expect(verifyMetaWebhook(body, header, secret)).toBe(true);
  });

  it('refuses the other cloud’s encoding', () => {
    expect(verifyMetaWebhook(body, signGenesysWebhook(body, secret), secret)).toBe(false);
    expect(verifyGenesysWebhook(body, signMetaWebhook(body, secret), secret)).toBe(false);
  });

  it('refuses a body changed by a single byte', () => {
    const header = signMetaWebhook(body, secret);
    const tampered = Buffer.from(body);
    tampered[5] ^= 1;
    expect(verifyMetaWebhook(tampered, header, secret)).toBe(false);
  });

  it('refuses a re-serialised body (whitespace matters)', () => {
    const raw = Buffer.from('{ "a": 1 }');
    const header = signGenesysWebhook(raw, secret);
    expect(verifyGenesysWebhook(JSON.stringify(JSON.parse(raw.toString())), header, secret)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['an array', ['sha256=00']],
    ['without the prefix', createHmac('sha256', secret).update(body).digest('hex')],
    ['truncated', signMetaWebhook(body, secret).slice(0, 40)],
    ['empty', ''],
    ['non-hex', 'sha256=' + 'z'.repeat(64)],
  ])('refuses a header that is %s', (_label, header) => {
    expect(verifyWebhookSignature(body, header, secret, 'hex')).toBe(false);
  });

  it('refuses the right digest keyed with another secret', () => {
    expect(verifyMetaWebhook(body, signMetaWebhook(body, 'another-secret'), secret)).toBe(false);
  });

  it('refuses everything when the secret is empty', () => {
    expect(verifyMetaWebhook(body, signMetaWebhook(body, ''), '')).toBe(false);
  });
});
