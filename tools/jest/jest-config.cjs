// Builds the Jest configuration of one project: unit tests (`*.spec.ts`) or integration
// tests (`*.integration-spec.ts`, against the real PostgreSQL, Redis and RabbitMQ).
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
  return {
    rootDir: absoluteRoot,
    displayName: `${path.basename(absoluteRoot)}:${kind}`,
    testEnvironment: 'node',
    testMatch: isIntegration ? ['<rootDir>/**/*.integration-spec.ts'] : ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.(t|j)s$': swcTransform() },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: moduleNameMapperFromTsconfig(),
    setupFiles: [path.join(__dirname, 'setup-reflect-metadata.cjs')],
    testTimeout: isIntegration ? 60_000 : 10_000,
  };
}

module.exports = { createJestConfig, workspaceRoot };
