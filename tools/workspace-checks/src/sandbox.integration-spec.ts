import { spawnSync } from 'node:child_process';
import path from 'node:path';

const workspaceRoot = path.resolve(__dirname, '../../..');

// The README's first command, minus `npm ci`: every sandbox process must build, start and
// report ready on loopback, then stop again.
describe('npm start -- --check', () => {
  it('starts every sandbox process, waits until each is ready, prints where it runs and stops', () => {
    const result = spawnSync('node', ['tools/sandbox/start-sandbox.mjs', '--check'], {
      cwd: workspaceRoot,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, NODE_ENV: 'development' },
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).not.toMatch(/stopped unexpectedly|not ready/);
    expect(result.status).toBe(0);
    expect(output).toContain('Switchboard sandbox is running');
    expect(output).toMatch(/object-storage\s+http:\/\/127\.0\.0\.1:3200/);
    expect(output).toMatch(/whatsapp-simulator\s+http:\/\/127\.0\.0\.1:3100/);
    expect(output).toMatch(/genesys-simulator\s+http:\/\/127\.0\.0\.1:3101/);
    expect(output).toMatch(/auth-service\s+http:\/\/127\.0\.0\.1:3008/);
    expect(output).toMatch(/api-gateway\s+http:\/\/127\.0\.0\.1:3000/);
    expect(output).toMatch(/auth-service\s+http:\/\/127\.0\.0\.1:3008/);
    expect(output).toMatch(/tenant-service\s+http:\/\/127\.0\.0\.1:3009/);
    expect(output).toMatch(/state-manager\s+http:\/\/127\.0\.0\.1:3007/);
    expect(output).toMatch(/genesys-api-service\s+http:\/\/127\.0\.0\.1:3005/);
    expect(output).toMatch(/inbound-transformer\s+http:\/\/127\.0\.0\.1:3003/);
    expect(output).toMatch(/whatsapp-webhook-service\s+http:\/\/127\.0\.0\.1:3001/);
    expect(output).toMatch(/genesys-webhook-service\s+http:\/\/127\.0\.0\.1:3002/);
    expect(output).toMatch(/\[migrate\] auth_service: (up to date|applied)/);
    expect(output).toMatch(/\[migrate\] tenant_service: (up to date|applied)/);
    expect(output).toMatch(/\[migrate\] state_manager: (up to date|applied)/);
    expect(output).toMatch(/\[sandbox\] (created the demo tenant|demo tenant \S+ already there)/);
    expect(output).not.toContain('could not create the demo tenant');
    expect(output).toContain('[sandbox] stopped');
  }, 300_000);
});
