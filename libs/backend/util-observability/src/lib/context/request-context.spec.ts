import {
  acceptCorrelationId,
  contextEnvelopeFields,
  contextHttpHeaders,
  continueTraceparent,
  currentContext,
  newTraceparent,
  runWithContext,
  setContextTenant,
} from './request-context';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe(runWithContext.name, () => {
  it('makes the context current inside the work only, across awaits', async () => {
    expect(currentContext()).toBeUndefined();
    await runWithContext({ correlationId: 'c-1', traceparent: parent }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      setContextTenant('tenant-a');
      expect(currentContext()).toMatchObject({ correlationId: 'c-1', tenantId: 'tenant-a' });
    });
    expect(currentContext()).toBeUndefined();
  });

  it('passes the correlation id and the trace on to the next HTTP call and envelope', () => {
    runWithContext({ correlationId: 'c-2', traceparent: parent }, () => {
      const headers = contextHttpHeaders();
      expect(headers['x-correlation-id']).toBe('c-2');
      expect(headers['traceparent']).toMatch(TRACEPARENT);
      expect(headers['traceparent'].split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(headers['traceparent']).not.toBe(parent);
      const fields = contextEnvelopeFields();
      expect(fields.correlationId).toBe('c-2');
      expect(fields.traceparent?.split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    });
  });

  it('adds nothing outside a context', () => {
    expect(contextHttpHeaders()).toEqual({});
    expect(contextEnvelopeFields()).toEqual({});
  });
});

describe(continueTraceparent.name, () => {
  it.each([undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'])(
    'starts a new trace from %p',
    (candidate) => {
      expect(continueTraceparent(candidate)).toMatch(TRACEPARENT);
      expect(continueTraceparent(candidate).split('-')[1]).not.toBe('00000000000000000000000000000000');
    },
  );

  it('creates distinct traces', () => {
    expect(newTraceparent()).not.toBe(newTraceparent());
  });
});

describe(acceptCorrelationId.name, () => {
  it('keeps a safe id and replaces anything else', () => {
    expect(acceptCorrelationId('order-42:retry.1')).toBe('order-42:retry.1');
    expect(acceptCorrelationId('x'.repeat(129))).not.toBe('x'.repeat(129));
    expect(acceptCorrelationId('a b')).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptCorrelationId(['a'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});
