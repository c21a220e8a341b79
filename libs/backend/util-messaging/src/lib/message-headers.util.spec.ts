import { MESSAGE_HEADERS } from '@switchboard/shared-contracts';
import { buildTestEnvelope } from '../testing/test-envelope';
import { DELAY_TIER_HEADER } from './delay-tier.util';
import {
  PUBLISH_ID_HEADER,
  RETRY_LATER_COUNT_HEADER,
  envelopeHeaders,
  readCountHeader,
  withoutDeadLetterHeaders,
  withoutTransientHeaders,
} from './message-headers.util';

describe(envelopeHeaders.name, () => {
  it('carries correlation id, traceparent, tenant and attempt', () => {
    const envelope = buildTestEnvelope({ attempt: 2 });
    expect(envelopeHeaders(envelope)).toEqual({
      [MESSAGE_HEADERS.CORRELATION_ID]: envelope.correlationId,
      [MESSAGE_HEADERS.TRACEPARENT]: envelope.traceparent,
      [MESSAGE_HEADERS.TENANT_ID]: envelope.tenantId,
      [MESSAGE_HEADERS.ATTEMPT]: 2,
    });
  });
});

describe(withoutTransientHeaders.name, () => {
  it('drops broker and delay-path headers but keeps the rest', () => {
    const sut = withoutTransientHeaders({
      'x-death': [],
      'x-first-death-reason': 'expired',
      'x-delivery-count': 1,
      [PUBLISH_ID_HEADER]: 'p',
      [DELAY_TIER_HEADER]: '1000',
      [RETRY_LATER_COUNT_HEADER]: 1,
      [MESSAGE_HEADERS.TRACEPARENT]: 't',
    });
    expect(sut).toEqual({ [RETRY_LATER_COUNT_HEADER]: 1, [MESSAGE_HEADERS.TRACEPARENT]: 't' });
  });
});

describe(withoutDeadLetterHeaders.name, () => {
  it('drops the reason headers and the retry bookkeeping of a dead letter', () => {
    const sut = withoutDeadLetterHeaders({
      [MESSAGE_HEADERS.DEAD_LETTER_REASON]: 'Error: boom',
      [MESSAGE_HEADERS.DEAD_LETTER_QUEUE]: 'q',
      [MESSAGE_HEADERS.DEAD_LETTERED_AT]: 'now',
      [MESSAGE_HEADERS.ORIGINAL_HEADERS]: {},
      [RETRY_LATER_COUNT_HEADER]: 3,
      'x-death': [],
      [MESSAGE_HEADERS.CORRELATION_ID]: 'c',
    });
    expect(sut).toEqual({ [MESSAGE_HEADERS.CORRELATION_ID]: 'c' });
  });
});

describe(readCountHeader.name, () => {
  it('reads non-negative integers and treats anything else as 0', () => {
    expect(readCountHeader({ n: 3 }, 'n')).toBe(3);
    expect(readCountHeader({ n: '4' }, 'n')).toBe(4);
    expect(readCountHeader({ n: -1 }, 'n')).toBe(0);
    expect(readCountHeader({ n: 'x' }, 'n')).toBe(0);
    expect(readCountHeader({}, 'n')).toBe(0);
  });
});
