#!/usr/bin/env node
// Makes sure PostgreSQL, Redis and RabbitMQ answer on their local default ports, starts any that
// is installed but down, installs a missing one with apt-get (as root on Debian/Ubuntu) or says
// how to, then creates the project's databases, role and RabbitMQ vhost. Safe to run again.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const HOST = '127.0.0.1';
const DB_ROLE = process.env.SB_DB_ROLE ?? 'switchboard';
const DB_PASSWORD = process.env.SB_DB_PASSWORD ?? 'switchboard';
const DATABASES = ['switchboard', 'switchboard_test'];
const VHOSTS = ['switchboard'];
const PG_ADMIN_URL = process.env.SB_PG_ADMIN_URL ?? `postgres://postgres@${HOST}:5432/postgres`;

const isRoot = process.getuid?.() === 0;
const isDebian = fs.existsSync('/etc/debian_version');
let aptUpdated = false;

function step(message) {
  console.log(`[infra] ${message}`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function sh(command, args, options = {}) {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function portOpen(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function aptInstall(packages, service) {
  if (!isRoot || !isDebian || !has('apt-get')) {
    throw new Error(
      `${service} is not installed. Install it, e.g. on Debian/Ubuntu:\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n` +
        `or run docker/compose.infra.yml on a machine with Docker.`,
    );
  }
  if (!aptUpdated) {
    step('apt-get update');
    sh('apt-get', ['update'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  step(`installing ${packages.join(' ')}`);
  sh('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const services = [
  {
    name: 'PostgreSQL',
    port: 5432,
    installed: () => fs.existsSync('/etc/postgresql') || has('pg_ctlcluster'),
    packages: ['postgresql'],
    start: () => {
      for (const version of fs.readdirSync('/etc/postgresql')) {
        sh('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
      }
    },
  },
  {
    name: 'Redis',
    port: 6379,
    installed: () => has('redis-server'),
    packages: ['redis-server'],
    start: () =>
      sh('redis-server', [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        '6379',
        '--save',
        '',
        '--appendonly',
        'no',
      ]),
  },
  {
    name: 'RabbitMQ',
    port: 5672,
    installed: () => has('rabbitmq-server'),
    packages: ['rabbitmq-server'],
    start: () => sh('rabbitmq-server', ['-detached']),
    waitSeconds: 60,
  },
];

async function ensureRunning(service) {
  if (await portOpen(service.port)) {
    step(`${service.name} answers on ${HOST}:${service.port}`);
    return;
  }
  if (!service.installed()) aptInstall(service.packages, service.name);
  step(`${service.name} is down: starting it`);
  service.start();
  if (!(await waitForPort(service.port, service.waitSeconds ?? 30))) {
    throw new Error(`${service.name} did not start listening on ${HOST}:${service.port}`);
  }
  step(`${service.name} started`);
}

async function ensureDatabases() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [DB_ROLE]);
    if (role.rowCount === 0) {
      // Not a superuser: row-level security must apply to the services' own role.
      await admin.query(
        `CREATE ROLE "${DB_ROLE}" LOGIN NOSUPERUSER NOCREATEDB PASSWORD '${DB_PASSWORD.replace(/'/g, "''")}'`,
      );
      step(`created role ${DB_ROLE}`);
    }
    for (const database of DATABASES) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) {
        await admin.query(`CREATE DATABASE "${database}" OWNER "${DB_ROLE}"`);
        step(`created database ${database}`);
      }
    }
    step(`databases ready: ${DATABASES.join(', ')} (owner ${DB_ROLE})`);
  } finally {
    await admin.end();
  }
}

async function ensureVhosts() {
  if (!has('rabbitmqctl')) {
    await ensureVhostsOverHttp();
    return;
  }
  sh('rabbitmqctl', ['-q', 'await_startup'], { timeout: 60_000 });
  const existing = sh('rabbitmqctl', ['-q', 'list_vhosts', 'name'])
    .split('\n')
    .map((l) => l.trim());
  for (const vhost of VHOSTS) {
    if (!existing.includes(vhost)) {
      sh('rabbitmqctl', ['-q', 'add_vhost', vhost]);
      step(`created RabbitMQ vhost ${vhost}`);
    }
    sh('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  }
  step(`RabbitMQ vhosts ready: ${VHOSTS.join(', ')}`);
}

// Without rabbitmqctl on this machine (RabbitMQ in Docker): the management HTTP API.
async function ensureVhostsOverHttp() {
  const base = process.env.SB_RABBITMQ_MANAGEMENT_URL ?? `http://${HOST}:15672`;
  const auth = 'Basic ' + Buffer.from(process.env.SB_RABBITMQ_ADMIN ?? 'guest:guest').toString('base64');
  for (const vhost of VHOSTS) {
    const name = encodeURIComponent(vhost);
    const created = await fetch(`${base}/api/vhosts/${name}`, {
      method: 'PUT',
      headers: { authorization: auth },
    });
    const permitted = await fetch(`${base}/api/permissions/${name}/guest`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ configure: '.*', write: '.*', read: '.*' }),
    });
    if (!created.ok || !permitted.ok) {
      throw new Error(
        `could not create the RabbitMQ vhost ${vhost} through ${base} (HTTP ${created.status})`,
      );
    }
  }
  step(`RabbitMQ vhosts ready: ${VHOSTS.join(', ')} (management API)`);
}

try {
  for (const service of services) await ensureRunning(service);
  await ensureDatabases();
  await ensureVhosts();
  step('infrastructure ready');
} catch (error) {
  console.error(`[infra] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
