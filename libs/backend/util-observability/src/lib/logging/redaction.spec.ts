import { REDACTED, redactDeep, redactText, redactUrl } from './redaction';

describe(redactUrl.name, () => {
  it('masks credential query parameters and keeps the rest', () => {
    const sut = redactUrl('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=s3cr3t&hub.challenge=42');
    expect(sut).toBe(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${REDACTED}&hub.challenge=42`);
    expect(redactUrl('/oauth/access_token?client_id=1&client_secret=x&code=abc')).toBe(
      `/oauth/access_token?client_id=1&client_secret=${REDACTED}&code=${REDACTED}`,
    );
    expect(redactUrl('/tenants/7?limit=20')).toBe('/tenants/7?limit=20');
  });
});

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
