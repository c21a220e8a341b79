// Runs one project's unit or integration tests and writes the Jest JSON report under
// reports/jest/, so that tools/scripts/summarize-tests.mjs can print the totals.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const { createJestConfig, workspaceRoot } = require('../jest/jest-config.cjs');
const { runCLI } = require('jest');

const [kind, projectRoot, ...extraArgs] = process.argv.slice(2);
if (!['unit', 'integration', 'e2e'].includes(kind) || !projectRoot) {
  console.error('usage: run-jest.mjs unit|integration|e2e <projectRoot> [test name pattern]');
  process.exit(2);
}

const reportDir = path.join(workspaceRoot, 'reports', 'jest');
fs.mkdirSync(reportDir, { recursive: true });
const reportFile = path.join(reportDir, `${projectRoot.replaceAll('/', '__')}.${kind}.json`);
fs.rmSync(reportFile, { force: true });

const config = createJestConfig(projectRoot, kind);
const argv = {
  config: JSON.stringify(config),
  json: true,
  outputFile: reportFile,
  passWithNoTests: false,
  runInBand: kind !== 'unit',
  maxWorkers: kind === 'unit' ? '50%' : 1,
  forceExit: kind !== 'unit',
  silent: process.env.JEST_SILENT === 'true',
  testNamePattern: extraArgs[0],
  // JEST_FILES=<regex>: only the spec files whose path matches (e.g. one e2e suite).
  ...(process.env.JEST_FILES && { testPathPatterns: [process.env.JEST_FILES] }),
};
const { results } = await runCLI(argv, [config.rootDir]);
process.exit(results.success ? 0 : 1);
