import fs from 'node:fs';
import path from 'node:path';
import {
  WORKSPACE_ROOT,
  at,
  eventually,
  sleep,
  startPlatform,
  type Platform,
  type SeededTenant,
} from '@switchboard/backend-testing-platform';
import { customerWrites } from './outbound.util';

const REPLIES = 1_000;
const CUSTOMERS = 50;
const IN_FLIGHT = 20;

describe('outbound: whatsapp-api-service killed mid-stream', () => {
  let platform: Platform;
  let tenant: SeededTenant;

  beforeAll(async () => {
    platform = await startPlatform({ label: 'outcrash' });
    tenant = at(platform.tenants);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('loses none of 1,000 agent replies when whatsapp-api-service is SIGKILLed, and counts double sends', async () => {
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `1555444${String(i).padStart(4, '0')}`);
    for (const customer of customers) await customerWrites(platform, tenant, customer, 'hi');
    const texts = Array.from({ length: REPLIES }, (_, i) => `reply #${i}`);

    let next = 0;
    const sendAll = Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < REPLIES) {
          const index = next++;
          await platform.genesys.sendAgentMessage({
            integrationId: tenant.integrationId,
            customerId: at(customers, index % CUSTOMERS),
            text: at(texts, index),
          });
        }
      }),
    );
    const messageSends = () =>
      platform.whatsapp.sends({ phoneNumberId: tenant.phoneNumberId, kind: 'message' });

    await eventually(
      async () => ((await messageSends()).length >= 150 ? true : undefined),
      60_000,
      'the stream to be under way',
      50,
    );
    await platform.services['whatsapp-api-service'].kill('SIGKILL');
    await sleep(1_000);
    await platform.services['whatsapp-api-service'].start();
    await sendAll;

    const perText = await eventually(
      async () => {
        const counts = new Map<string, number>();
        for (const send of await messageSends()) {
          const body = (send.payload['text'] as { body?: string } | undefined)?.body;
          if (body?.startsWith('reply #')) counts.set(body, (counts.get(body) ?? 0) + 1);
        }
        return texts.every((text) => counts.has(text)) ? counts : undefined;
      },
      180_000,
      'all 1,000 replies at WhatsApp',
      500,
    );

    const duplicated = [...perText.values()].filter((count) => count > 1).length;
    const figures = { replies: REPLIES, sent: perText.size, duplicated, lost: REPLIES - perText.size };
    fs.mkdirSync(path.join(WORKSPACE_ROOT, 'reports/e2e'), { recursive: true });
    fs.writeFileSync(
      path.join(WORKSPACE_ROOT, 'reports/e2e/outbound-crash-recovery.json'),
      JSON.stringify(figures, null, 2),
    );
    process.stdout.write(`\n[outbound crash recovery] ${JSON.stringify(figures)}\n`);

    expect(figures.lost).toBe(0);
    // A reply goes out twice only when the process died between WhatsApp's answer and the Redis
    // record of it: at most the sends in flight at the kill.
    expect(duplicated).toBeLessThanOrEqual(64);
  }, 300_000);
});
