import fs from 'node:fs';
import path from 'node:path';
import {
  at,
  startPlatform,
  type Platform,
  WORKSPACE_ROOT,
  type SeededTenant,
  deliveredMessageIds,
  eventually,
  sleep,
} from '@switchboard/backend-testing-platform';

const MESSAGES = 1_000;
const PER_WEBHOOK = 10;
const CUSTOMERS = 50;

describe('inbound: processes killed mid-stream', () => {
  let platform: Platform;
  let tenant: SeededTenant;

  beforeAll(async () => {
    platform = await startPlatform({ label: 'crash' });
    tenant = at(platform.tenants);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('loses none of 1,000 messages when the inbound-transformer and genesys-api-service are SIGKILLed', async () => {
    const wamids: string[] = [];
    const sendAll = (async () => {
      for (let batch = 0; batch < MESSAGES / PER_WEBHOOK; batch += 1) {
        const sent = await platform.whatsapp.deliverInbound({
          phoneNumberId: tenant.phoneNumberId,
          waitFor: 'first-attempt',
          messages: Array.from({ length: PER_WEBHOOK }, (_, i) => ({
            type: 'text',
            from: `1555333${String((batch * PER_WEBHOOK + i) % CUSTOMERS).padStart(4, '0')}`,
            body: `stream ${batch}/${i}`,
          })),
        });
        wamids.push(...deliveredMessageIds(sent));
      }
    })();

    await eventually(
      async () => ((await platform.genesys.inbound({ kind: 'message' })).length >= 150 ? true : undefined),
      30_000,
      'the stream to be under way',
      50,
    );
    await platform.services['inbound-transformer'].kill('SIGKILL');
    await sleep(300);
    await platform.services['genesys-api-service'].kill('SIGKILL');
    await sleep(1_000);
    await Promise.all([
      platform.services['inbound-transformer'].start(),
      platform.services['genesys-api-service'].start(),
    ]);
    await sendAll;
    expect(wamids).toHaveLength(MESSAGES);

    const records = await eventually(
      async () => {
        const accepted = (
          await platform.genesys.inbound({ kind: 'message', integrationId: tenant.integrationId })
        ).filter((record) => record.accepted);
        const ids = new Set(accepted.map((record) => record.providerMessageId));
        return wamids.every((id) => ids.has(id)) ? accepted : undefined;
      },
      120_000,
      'all 1,000 messages at Genesys',
      500,
    );

    const perMessage = new Map<string, number>();
    for (const record of records)
      perMessage.set(
        String(record.providerMessageId),
        (perMessage.get(String(record.providerMessageId)) ?? 0) + 1,
      );
    const duplicated = [...perMessage.values()].filter((count) => count > 1).length;
    const figures = {
      messages: MESSAGES,
      delivered: perMessage.size,
      duplicated,
      lost: MESSAGES - perMessage.size,
    };
    fs.mkdirSync(path.join(WORKSPACE_ROOT, 'reports/e2e'), { recursive: true });
    fs.writeFileSync(
      path.join(WORKSPACE_ROOT, 'reports/e2e/inbound-crash-recovery.json'),
      JSON.stringify(figures, null, 2),
    );
    process.stdout.write(`\n[inbound crash recovery] ${JSON.stringify(figures)}\n`);

    expect(figures.lost).toBe(0);
    // A message reaches Genesys twice only when a process died between Genesys's answer and the
    // record of it: at most the calls in flight at the two kills.
    expect(duplicated).toBeLessThanOrEqual(128);
  });
});
