import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Lints fixture code as if it stood inside real projects, with the workspace's own ESLint
// configuration, to show that the boundary rules refuse what the conventions forbid.
const workspaceRoot = path.resolve(__dirname, '../../..');
const RULE = '@nx/enforce-module-boundaries';

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

// ESLint runs as its own process (as `nx lint` does): its config loader needs native ESM.
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = spawnSync(
    path.join(workspaceRoot, 'node_modules/.bin/eslint'),
    ['--stdin', '--stdin-filename', path.join(workspaceRoot, filePath), '--format', 'json'],
    { cwd: workspaceRoot, input: code, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  const [result] = JSON.parse(eslint.stdout) as LintResult[];
  return result.messages.filter((message) => message.ruleId === RULE).map((message) => message.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  it('refuses an app importing another app', async () => {
    const errors = await boundaryErrors(
      'apps/whatsapp-simulator/src/app/boundary-fixture.ts',
      "import { AppModule } from '../../../genesys-simulator/src/app/app.module';\nexport const fixture = AppModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses a web library importing a backend library', async () => {
    const errors = await boundaryErrors(
      'libs/web/util-format/src/lib/boundary-fixture.ts',
      "import { signMetaWebhook } from '@switchboard/backend-util-signatures';\nexport const fixture = signMetaWebhook;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:web.*can only depend on libs tagged with.*scope:web/);
  });

  it('refuses the contracts depending on a backend library', async () => {
    const errors = await boundaryErrors(
      'libs/shared/contracts/src/lib/boundary-fixture.ts',
      "import { loadConfig } from '@switchboard/backend-util-config';\nexport const fixture = loadConfig;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses production code importing a testing library', async () => {
    const errors = await boundaryErrors(
      'libs/backend/util-config/src/lib/boundary-fixture.ts',
      "import { uniqueSuffix } from '@switchboard/backend-testing-infra';\nexport const fixture = uniqueSuffix;\n",
    );
    expect(errors.join('\n')).toMatch(/type:util.*can only depend on/);
  });

  it('allows a backend library to use the shared contracts and a web library its own scope', async () => {
    expect(
      await boundaryErrors(
        'libs/backend/util-config/src/lib/boundary-fixture.ts',
        "import { QUEUES } from '@switchboard/shared-contracts';\nexport const fixture = QUEUES;\n",
      ),
    ).toEqual([]);
  });
});
