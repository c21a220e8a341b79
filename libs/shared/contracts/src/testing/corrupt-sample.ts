// Test-only helpers to derive broken variants of a sample payload and to assert where validation failed.
import {
  formatValidationErrors,
  formatValidationPath,
  type ValidationResult,
} from '../lib/validation/validation.util';
import { loadSample } from './load-sample';

/** Marks a field to delete rather than to replace. */
export const REMOVE = Symbol('remove');

/** One broken variant of a sample: `path` (dotted) is set to `value`, and validation must fail at `errorPath`. */
export interface SampleCorruption {
  readonly name: string;
  readonly sample: string;
  readonly path: string;
  readonly value: unknown;
  /** Defaults to `path`. */
  readonly errorPath?: string;
}

/** A copy of `root` where the field at the dotted `path` is replaced by `value` (or removed, for REMOVE). */
export function withValueAt(root: unknown, path: string, value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  const segments = path.split('.');
  const last = segments.pop();
  const parent = segments.reduce<unknown>((node, segment) => childOf(node, segment, path), copy);
  if (last === undefined || typeof parent !== 'object' || parent === null) {
    throw new Error(`No object at the parent of ${path}`);
  }
  if (value === REMOVE) {
    Reflect.deleteProperty(parent, last);
  } else {
    Reflect.set(parent, last, value);
  }
  return copy;
}

/** The sample of a corruption case with the corruption applied. */
export function corruptedSample(corruption: SampleCorruption): unknown {
  return withValueAt(loadSample(corruption.sample), corruption.path, corruption.value);
}

/** Asserts that `result` failed and that one error names `path`, also in its formatted form. */
export function expectErrorAt(result: ValidationResult<unknown>, path: string): void {
  if (result.ok) {
    throw new Error(`Expected a validation error at ${path}, but the input was valid`);
  }
  expect(result.errors.map((error) => error.path)).toContain(path);
  expect(formatValidationErrors(result.errors)).toContain(`${formatValidationPath(path)}: `);
}

/** Asserts that `result` succeeded, showing the errors otherwise. */
export function expectValid<T>(result: ValidationResult<T>): T {
  if (!result.ok) {
    throw new Error(`Expected a valid input, got:\n${formatValidationErrors(result.errors)}`);
  }
  return result.value;
}

function childOf(node: unknown, segment: string, path: string): unknown {
  if (typeof node !== 'object' || node === null || !(segment in node)) {
    throw new Error(`Cannot follow ${path}: no "${segment}"`);
  }
  return Reflect.get(node, segment);
}
