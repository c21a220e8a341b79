import { REDACTED, redactDeep, redactText } from './redaction';

describe(redactDeep.name, () => {
  it('masks sensitive keys at any depth, whatever their spelling', () => {
    const sut = redactDeep({
      user: 'ana',
      credentials: {
        client_secret: 'a',
        ClientSecret: 'b',
        'x-api-key': 'c',
        nested: [{ access_token: 'd' }],
      },
      webhookSecret: 'e',
      outboundNotificationWebhookSignatureSecretToken: 'f',
    });
    expect(JSON.stringify(sut)).not.toMatch(/"[abcdef]"/);
    expect(sut).toMatchObject({ user: 'ana', webhookSecret: REDACTED });
  });

  it('masks credentials inside text', () => {
    expect(redactText('call failed: Authorization: Bearer abc.def.ghi123')).not.toContain('abc.def.ghi123');
    expect(redactText('POST /oauth?client_secret=s3cr3t&x=1')).not.toContain('s3cr3t');
    expect(redactText('Basic dXNlcjpwYXNzd29yZA==')).not.toContain('dXNlcjpwYXNzd29yZA');
  });

  it('keeps ordinary values and survives cycles', () => {
    const cyclic: Record<string, unknown> = { id: 'm1', count: 3 };
    cyclic['self'] = cyclic;
    expect(redactDeep(cyclic)).toEqual({ id: 'm1', count: 3, self: '[Truncated]' });
  });

  it('reduces errors to their type and masked message', () => {
    expect(redactDeep(new TypeError('token=abcdef123 rejected'))).toMatchObject({
      type: 'TypeError',
      message: `token ${REDACTED} rejected`,
    });
  });
});
