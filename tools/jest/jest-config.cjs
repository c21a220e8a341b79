// Builds the Jest configuration of one project: unit tests (`*.spec.ts`), integration tests
// (`*.integration-spec.ts`, against the real PostgreSQL, Redis and RabbitMQ) or end-to-end
// tests (`*.e2e-spec.ts`, apps/e2e: the built services and both simulators as processes).
const path = require('node:path');
const fs = require('node:fs');

const workspaceRoot = path.resolve(__dirname, '../..');

function moduleNameMapperFromTsconfig() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  const mapper = {};
  for (const [alias, targets] of Object.entries(tsconfig.compilerOptions.paths ?? {})) {
    mapper[`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`] = path.join(workspaceRoot, targets[0]);
  }
  return mapper;
}

function swcTransform() {
  const swcrc = JSON.parse(fs.readFileSync(path.join(workspaceRoot, '.swcrc'), 'utf8'));
  delete swcrc.$schema;
  return ['@swc/jest', { ...swcrc, swcrc: false }];
}

function createJestConfig(projectRoot, kind) {
  const absoluteRoot = path.resolve(workspaceRoot, projectRoot);
  const isIntegration = kind === 'integration';
  const isEndToEnd = kind === 'e2e';
  const testMatch = isEndToEnd
    ? ['<rootDir>/**/*.e2e-spec.ts']
    : isIntegration
      ? ['<rootDir>/**/*.integration-spec.ts']
      : ['<rootDir>/**/*.spec.ts'];
  return {
    rootDir: absoluteRoot,
    displayName: `${path.basename(absoluteRoot)}:${kind}`,
    testEnvironment: 'node',
    testMatch,
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.(t|j)s$': swcTransform() },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: moduleNameMapperFromTsconfig(),
    setupFiles: [path.join(__dirname, 'setup-reflect-metadata.cjs')],
    testTimeout: isEndToEnd ? 180_000 : isIntegration ? 60_000 : 10_000,
  };
}

module.exports = { createJestConfig, workspaceRoot };
