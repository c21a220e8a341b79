// Test-only access to the sample payloads (fs-based: never import it from library code or index.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** This library's own copies of the spec's samples. */
export const SAMPLES_DIR = path.join(__dirname, 'samples');

/** The spec's samples when the shared folder is checked out next to the repository (/work/shared/spec/samples). */
export const SHARED_SAMPLES_DIR = path.resolve(__dirname, '../../../../../../shared/spec/samples');

/** Names of the `.json` files of a samples folder, sorted. */
export function listSampleFiles(directory: string = SAMPLES_DIR): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A fresh parsed copy of a sample: callers may change it freely. */
export function loadSample(fileName: string): unknown {
  return JSON.parse(readSampleText(fileName));
}

export function readSampleText(fileName: string, directory: string = SAMPLES_DIR): string {
  return readFileSync(path.join(directory, fileName), 'utf8');
}

export function sharedSamplesAvailable(): boolean {
  return existsSync(SHARED_SAMPLES_DIR);
}
