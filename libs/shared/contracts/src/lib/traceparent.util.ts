// W3C Trace Context `traceparent` headers (https://www.w3.org/TR/trace-context/): version-traceid-parentid-flags.
// Uses the Web Crypto API only, so that browser code can use it too.

import { TRACEPARENT_PATTERN } from './envelope';

export interface TraceContext {
  readonly version: string;
  /** 16 bytes, lowercase hex. */
  readonly traceId: string;
  /** 8 bytes, lowercase hex: the span that produced the message. */
  readonly parentId: string;
  /** `01` = sampled. */
  readonly flags: string;
}

const TRACEPARENT_VERSION = '00';
const SAMPLED_FLAGS = '01';
const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

/** A traceparent that starts a new trace: random trace id and span id, sampled. */
export function createTraceparent(): string {
  return formatTraceparent({
    version: TRACEPARENT_VERSION,
    traceId: randomNonZeroHex(TRACE_ID_BYTES),
    parentId: randomNonZeroHex(SPAN_ID_BYTES),
    flags: SAMPLED_FLAGS,
  });
}

/**
 * The traceparent of a new span in the same trace: same trace id and flags, new span id. An invalid parent
 * starts a new trace, as the W3C recommendation asks, so that bad tracing data never stops a message.
 */
export function childTraceparent(parent: string): string {
  const context = parseTraceparent(parent);
  if (context === undefined) {
    return createTraceparent();
  }
  return formatTraceparent({
    ...context,
    version: TRACEPARENT_VERSION,
    parentId: randomNonZeroHex(SPAN_ID_BYTES),
  });
}

/** The parts of a valid traceparent, or undefined (bad format, version ff, or an all-zero id). */
export function parseTraceparent(value: string): TraceContext | undefined {
  if (!TRACEPARENT_PATTERN.test(value)) {
    return undefined;
  }
  const [version, traceId, parentId, flags] = value.split('-');
  if (version === 'ff' || isAllZeros(traceId) || isAllZeros(parentId)) {
    return undefined;
  }
  return { version, traceId, parentId, flags };
}

function formatTraceparent(context: TraceContext): string {
  return `${context.version}-${context.traceId}-${context.parentId}-${context.flags}`;
}

function randomNonZeroHex(byteCount: number): string {
  let hex: string;
  do {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(byteCount));
    hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  } while (isAllZeros(hex));
  return hex;
}

function isAllZeros(hex: string): boolean {
  return /^0+$/.test(hex);
}
