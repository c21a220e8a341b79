#!/usr/bin/env node
// `npm start`: the whole platform on this machine in sandbox mode — local services checked and
// prepared, apps built, the simulators of both clouds and every service started on loopback,
// then a table of what runs where. Ctrl-C stops everything.
// `npm start -- --check` starts everything, waits until all is ready, prints the table and stops.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { resetSandboxBrokerIfTopologyChanged, resetSandboxData } from './reset-sandbox-data.mjs';
import { loadSandboxSecrets } from './sandbox-secrets.mjs';
import { sandboxProcesses } from './sandbox-services.mjs';
import { DEMO, seedDemoTenant } from './seed-demo.mjs';

const workspaceRoot = path.resolve(import.meta.dirname, '../..');
process.chdir(workspaceRoot);
const checkOnly = process.argv.includes('--check');
const logDir = path.join('.sandbox', 'logs');
const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};
const children = [];
let stopping = false;

function say(message) {
  console.log(`[sandbox] ${message}`);
}

function runOrExit(label, command, args) {
  say(label);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    say(`failed: ${label}`);
    process.exit(result.status ?? 1);
  }
}

async function waitUntilReady(proc, timeoutMs = 60_000) {
  const url = `http://127.0.0.1:${proc.port}${proc.readyPath}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${proc.name} exited with code ${proc.exitCode}; see ${proc.logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${proc.name} not ready at ${url} within ${timeoutMs / 1000} s; see ${proc.logFile}`);
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function start(proc) {
  const logFile = path.join(logDir, `${proc.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const [command, ...args] = proc.command;
  const child = spawn(command, args, { env: { ...env, ...proc.env }, stdio: ['ignore', log, log] });
  const entry = { ...proc, child, logFile, exited: false, exitCode: null };
  child.on('exit', (code) => {
    entry.exited = true;
    entry.exitCode = code;
    if (!stopping) {
      say(`${proc.name} stopped unexpectedly (code ${code}); see ${logFile}. Stopping the sandbox.`);
      void stopAll(1);
    }
  });
  children.push(entry);
  return entry;
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const entry of [...children].reverse()) {
    if (!entry.exited) entry.child.kill('SIGTERM');
  }
  const deadline = Date.now() + 10_000;
  while (children.some((entry) => !entry.exited) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const entry of children) if (!entry.exited) entry.child.kill('SIGKILL');
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

fs.mkdirSync(logDir, { recursive: true });
const { secrets, fresh, save: saveSecrets } = await loadSandboxSecrets();
const SANDBOX_PROCESSES = sandboxProcesses(secrets);
runOrExit('checking PostgreSQL, Redis and RabbitMQ', 'node', ['tools/infra/infra-up.mjs']);
const buildProjects = SANDBOX_PROCESSES.filter((proc) => proc.build).map((proc) => proc.build);
runOrExit(`building ${buildProjects.join(', ')}`, 'npx', [
  'nx',
  'run-many',
  '-t',
  'build',
  '-p',
  ...buildProjects,
  '--output-style=static',
]);
if (fresh) {
  const schemas = SANDBOX_PROCESSES.filter((proc) => proc.migrate).map((proc) =>
    proc.name.replaceAll('-', '_'),
  );
  say(`new sandbox secrets: starting from empty sandbox data (${schemas.join(', ')})`);
  await resetSandboxData(schemas);
}
if (resetSandboxBrokerIfTopologyChanged(fresh)) {
  say('RabbitMQ topology changed (or new sandbox data): recreated the sandbox vhost "switchboard"');
}
saveSecrets();
if (SANDBOX_PROCESSES.some((proc) => proc.migrate)) {
  const migrateProjects = SANDBOX_PROCESSES.filter((proc) => proc.migrate).map((proc) => proc.build);
  // Migrations use the same environment as the services (defaults: the local switchboard database).
  runOrExit('applying database migrations', 'npx', [
    'nx',
    'run-many',
    '-t',
    'migrate',
    '-p',
    ...migrateProjects,
    '--output-style=static',
  ]);
}

const taken = [];
for (const proc of SANDBOX_PROCESSES)
  if (await portInUse(proc.port)) taken.push(`${proc.name} (${proc.port})`);
if (taken.length > 0) {
  say(`ports already in use: ${taken.join(', ')}. Is another sandbox running? Stop it first.`);
  process.exit(1);
}

try {
  for (const proc of SANDBOX_PROCESSES) {
    say(`starting ${proc.name} on 127.0.0.1:${proc.port}`);
    const entry = start(proc);
    await waitUntilReady(entry);
  }
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  await stopAll(1);
}

let demo;
try {
  demo = await seedDemoTenant(secrets);
  say(
    demo.created ? `created the demo tenant ${demo.tenantId}` : `demo tenant ${demo.tenantId} already there`,
  );
} catch (error) {
  say(`could not create the demo tenant: ${error instanceof Error ? error.message : error}`);
  await stopAll(1);
}

const width = Math.max(...SANDBOX_PROCESSES.map((proc) => proc.name.length));
console.log('\nSwitchboard sandbox is running:\n');
for (const proc of SANDBOX_PROCESSES) {
  console.log(`  ${proc.name.padEnd(width)}  http://127.0.0.1:${proc.port}  ${proc.description}`);
}
// The password stays in the git-ignored secrets file rather than in terminal scrollback or CI logs.
console.log(`\nPlatform admin: ${secrets.adminEmail}, password in .sandbox/secrets.json (adminPassword)`);
console.log(
  `Demo tenant "${DEMO.tenantName}" (${demo.tenantId}): WhatsApp number ${DEMO.phoneNumberId} (+${DEMO.displayNumber}),`,
);
console.log(
  `  Genesys integration on the simulator; tenant admin ${secrets.demoAdminEmail} (password: demoAdminPassword)`,
);
console.log(`  node tools/sandbox/login.mjs   # signs in through the gateway and prints an access token`);
console.log(`API documents: http://127.0.0.1:3000/api/docs   Secrets of this sandbox: .sandbox/secrets.json`);
console.log(`\nLogs: ${logDir}/<name>.log   Stop: Ctrl-C\n`);
if (checkOnly) await stopAll(0);
