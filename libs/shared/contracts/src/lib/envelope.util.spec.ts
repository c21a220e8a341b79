import { z } from 'zod';
import { createChildEnvelope, createEnvelope, parseEnvelope } from './envelope.util';
import { parseTraceparent } from './traceparent.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(createEnvelope.name, () => {
  const sut = createEnvelope;

  it('fills id, correlation, traceparent, time and attempt 0', () => {
    const before = Date.now();

    const envelope = sut({ tenantId: 'tenant-a', type: 'whatsapp.inbound.raw', payload: { n: 1 } });

    expect(envelope).toEqual({
      id: expect.stringMatching(UUID),
      tenantId: 'tenant-a',
      correlationId: envelope.id,
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      occurredAt: expect.any(String),
      attempt: 0,
      type: 'whatsapp.inbound.raw',
      payload: { n: 1 },
    });
    expect(Date.parse(envelope.occurredAt)).toBeGreaterThanOrEqual(before);
  });

  it('gives every envelope its own id and trace', () => {
    const first = sut({ tenantId: 't', type: 'x', payload: null });
    const second = sut({ tenantId: 't', type: 'x', payload: null });

    expect(first.id).not.toBe(second.id);
    expect(parseTraceparent(first.traceparent)?.traceId).not.toBe(
      parseTraceparent(second.traceparent)?.traceId,
    );
  });

  it('uses the correlation id, traceparent and time it is given', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const envelope = sut({
      tenantId: 't',
      type: 'x',
      payload: 'p',
      correlationId: 'corr-1',
      traceparent,
      occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    });

    expect(envelope).toMatchObject({
      correlationId: 'corr-1',
      traceparent,
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it.each([
    ['an empty tenant', { tenantId: '' }, 'tenantId'],
    ['a malformed traceparent', { traceparent: 'abc' }, 'traceparent'],
    ['a time that is not ISO-8601', { occurredAt: 'today' }, 'occurredAt'],
  ])('refuses %s', (_label, override, field) => {
    expect(() => sut({ tenantId: 't', type: 'x', payload: 1, ...override })).toThrow(field);
  });
});

describe(createChildEnvelope.name, () => {
  it('keeps tenant and correlation and continues the trace in a new span', () => {
    const parent = createEnvelope({ tenantId: 'tenant-a', type: 'a', payload: 1, correlationId: 'corr-1' });

    const child = createChildEnvelope(parent, { type: 'b', payload: 2 });

    expect(child).toMatchObject({
      tenantId: 'tenant-a',
      correlationId: 'corr-1',
      type: 'b',
      payload: 2,
      attempt: 0,
    });
    expect(child.id).not.toBe(parent.id);
    expect(parseTraceparent(child.traceparent)?.traceId).toBe(parseTraceparent(parent.traceparent)?.traceId);
    expect(child.traceparent).not.toBe(parent.traceparent);
  });
});

describe(parseEnvelope.name, () => {
  const sut = parseEnvelope;
  const envelope = createEnvelope({ tenantId: 'tenant-a', type: 'x', payload: { wamid: 'wamid.1' } });

  it('accepts an envelope that went through JSON', () => {
    expect(sut(JSON.parse(JSON.stringify(envelope)))).toEqual({ ok: true, value: envelope });
  });

  it('names the missing field of a malformed envelope', () => {
    const { tenantId: _tenantId, ...withoutTenant } = envelope;

    expect(sut(withoutTenant)).toEqual({ ok: false, errors: [{ path: 'tenantId', message: 'Required' }] });
  });

  it('refuses a negative attempt', () => {
    const result = sut({ ...envelope, attempt: -1 });

    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual(['attempt']);
  });

  it('validates the payload with the schema it is given, naming payload fields', () => {
    const payloadSchema = z.object({ wamid: z.string() });

    const valid = sut(envelope, payloadSchema);
    const invalid = sut({ ...envelope, payload: {} }, payloadSchema);

    expect(valid.ok ? valid.value.payload.wamid : undefined).toBe('wamid.1');
    expect(invalid.ok ? [] : invalid.errors).toEqual([{ path: 'payload.wamid', message: 'Required' }]);
  });
});
