import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Copies of /work/shared/spec/samples (the contract the simulator is held to). */
export function loadSample<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, 'samples', `${name}.json`), 'utf8')) as T;
}

export type JsonShape = string | JsonShape[] | { [key: string]: JsonShape };

/**
 * The structure of a JSON value: objects by their keys, arrays by their first element, leaves
 * by type. Two payloads with the same shape have the same fields of the same types.
 */
export function shapeOf(value: unknown): JsonShape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, child]) => [key, shapeOf(child)]),
    );
  }
  return typeof value;
}
