// Creates the skeleton of a library or Node app: project.json with tags and targets,
// tsconfig.json, src/index.ts (libs) and, for libs, the @switchboard/* alias.
// usage: node tools/scripts/new-project.mjs lib libs/backend/util-foo scope:backend type:util [--integration]
//        node tools/scripts/new-project.mjs app apps/foo scope:backend type:app [--integration]
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const [kind, root, ...rest] = process.argv.slice(2);
const tags = rest.filter((a) => a.includes(':'));
const withIntegration = rest.includes('--integration');
if (!['lib', 'app'].includes(kind) || !root || tags.length < 2) {
  console.error('usage: new-project.mjs lib|app <root> scope:x type:y [--integration]');
  process.exit(2);
}
const name = kind === 'lib' ? root.replace(/^libs\//, '').replaceAll('/', '-') : path.basename(root);
const depth = root.split('/').length;
const up = '../'.repeat(depth);
fs.mkdirSync(path.join(root, 'src'), { recursive: true });

const targets = { lint: {}, typecheck: {}, test: {} };
if (withIntegration) targets.integration = {};
if (kind === 'app') {
  targets.build = {
    executor: 'nx:run-commands',
    outputs: [`{workspaceRoot}/dist/${root}`],
    options: { command: `node tools/scripts/build-app.mjs ${root}` },
  };
  targets.serve = {
    executor: 'nx:run-commands',
    continuous: true,
    options: {
      command: `node -r @swc-node/register ${root}/src/main.ts`,
      env: { SWC_NODE_PROJECT: 'tsconfig.base.json' },
    },
  };
}
const project = {
  name,
  $schema: `${up}node_modules/nx/schemas/project-schema.json`,
  sourceRoot: `${root}/src`,
  projectType: kind === 'lib' ? 'library' : 'application',
  tags,
  targets,
};
fs.writeFileSync(path.join(root, 'project.json'), JSON.stringify(project, null, 2) + '\n');
fs.writeFileSync(
  path.join(root, 'tsconfig.json'),
  JSON.stringify({ extends: `${up}tsconfig.base.json`, include: ['src/**/*.ts'] }, null, 2) + '\n',
);
if (kind === 'lib') {
  const index = path.join(root, 'src', 'index.ts');
  if (!fs.existsSync(index)) fs.writeFileSync(index, '');
  const tsconfigPath = 'tsconfig.base.json';
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  tsconfig.compilerOptions.paths[`@switchboard/${name}`] = [`${root}/src/index.ts`];
  tsconfig.compilerOptions.paths = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).sort(([a], [b]) => a.localeCompare(b)),
  );
  fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2) + '\n');
}
spawnSync('npx', ['prettier', '--write', 'tsconfig.base.json', root, '--log-level', 'warn'], {
  stdio: 'inherit',
});
console.log(`created ${kind} ${name} at ${root} (${tags.join(', ')})`);
