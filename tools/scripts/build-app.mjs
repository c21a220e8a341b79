// Bundles one Node app into dist/<app-root>/main.js. esbuild bundles the workspace code (libs
// resolved through the tsconfig aliases) and leaves node_modules external; swc compiles each
// TypeScript file first because esbuild cannot emit the decorator metadata NestJS's DI needs.
import { build } from 'esbuild';
import { transformFile } from '@swc/core';
import fs from 'node:fs';
import path from 'node:path';

const appRoot = process.argv[2];
if (!appRoot) {
  console.error('usage: build-app.mjs <app root>');
  process.exit(2);
}
const workspaceRoot = path.resolve(import.meta.dirname, '../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(workspaceRoot, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.module = { type: 'es6' };

const swcDecorators = {
  name: 'swc-decorators',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { code } = await transformFile(args.path, { ...swcrc, swcrc: false, filename: args.path });
      return { contents: code, loader: 'js' };
    });
  },
};

const outdir = path.join(workspaceRoot, 'dist', appRoot);
const started = Date.now();
await build({
  entryPoints: [path.join(workspaceRoot, appRoot, 'src/main.ts')],
  outfile: path.join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
  plugins: [swcDecorators],
  logLevel: 'warning',
  keepNames: true,
});
console.log(`built ${appRoot} → dist/${appRoot}/main.js in ${Date.now() - started} ms`);
