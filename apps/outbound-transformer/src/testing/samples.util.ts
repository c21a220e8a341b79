import { readFileSync } from 'node:fs';
import path from 'node:path';

export const OUTBOUND_SAMPLES = [
  'genesys-outbound-text',
  'genesys-outbound-attachment',
  'genesys-outbound-typing-event',
] as const;

export type OutboundSampleName = (typeof OUTBOUND_SAMPLES)[number];

/** A fresh parsed copy of one of the spec's Genesys outbound webhook samples (free to change). */
export function outboundSample(name: OutboundSampleName): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(__dirname, 'samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}
