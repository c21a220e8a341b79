import { z } from 'zod';
import { buildTestEnvelope } from '../testing/test-envelope';
import { decodeEnvelope, encodeJson } from './envelope-codec.util';

describe(decodeEnvelope.name, () => {
  it('returns a valid envelope and the JSON as received, unknown fields included', () => {
    const envelope = buildTestEnvelope();
    const sut = decodeEnvelope(encodeJson({ ...envelope, extra: 'kept' }));
    expect(sut).toEqual({ ok: true, envelope, json: { ...envelope, extra: 'kept' } });
  });

  it('reports a body that is not JSON instead of throwing', () => {
    const sut = decodeEnvelope(Buffer.from('{not json'));
    expect(sut.ok).toBe(false);
    expect(!sut.ok && sut.reason).toMatch(/^InvalidJson: /);
  });

  it('reports which envelope fields are wrong', () => {
    const { tenantId: _tenantId, ...withoutTenant } = buildTestEnvelope();
    const sut = decodeEnvelope(encodeJson({ ...withoutTenant, traceparent: 'nope' }));
    expect(!sut.ok && sut.reason).toMatch(
      /^InvalidEnvelope: .*tenantId.*traceparent: must be a W3C traceparent/,
    );
  });

  it('refuses JSON that is not an object', () => {
    expect(decodeEnvelope(Buffer.from('[1,2]')).ok).toBe(false);
    expect(decodeEnvelope(Buffer.from('null')).ok).toBe(false);
  });

  it('validates the payload when given a schema', () => {
    const schema = z.object({ text: z.string() });
    const valid = decodeEnvelope(encodeJson(buildTestEnvelope()), schema);
    expect(valid.ok && valid.envelope.payload.text).toBe('hello');
    const invalid = decodeEnvelope(encodeJson(buildTestEnvelope({ payload: { text: 42 } })), schema);
    expect(!invalid.ok && invalid.reason).toMatch(/^InvalidPayload: payload|^InvalidPayload: text/);
  });
});
