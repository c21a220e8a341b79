import { InternalServiceUnavailableError } from '@switchboard/backend-data-access-platform-clients';
import { FakeWebhookSecrets } from '../../testing/fake-webhook-secrets.util';
import { WebhookSecretsClient } from './webhook-secrets.client';

const INTEGRATION = 'integration-1';

function setup(options: { ttlMs?: number; refreshMinIntervalMs?: number } = {}) {
  let now = 1_000_000;
  const fake = new FakeWebhookSecrets({ ...options, now: () => now });
  fake.integrations.set(INTEGRATION, { tenantId: 'tenant-a', secret: 'first-webhook-secret' });
  return { fake, sut: fake.client, advance: (ms: number) => (now += ms) };
}

describe(WebhookSecretsClient.name, () => {
  it('answers the tenant and secret of an integration and reuses them while cached', async () => {
    const { sut, fake, advance } = setup({ ttlMs: 60_000 });

    const first = await sut.credentials(INTEGRATION);
    advance(59_000);
    const second = await sut.credentials(INTEGRATION);

    expect(first).toEqual({ tenantId: 'tenant-a', secret: 'first-webhook-secret', fetchedAt: 1_000_000 });
    expect(second).toBe(first);
    expect(fake.lookups).toEqual([INTEGRATION]);
  });

  it('asks again once the cached answer expired', async () => {
    const { sut, fake, advance } = setup({ ttlMs: 60_000 });

    await sut.credentials(INTEGRATION);
    advance(60_001);
    await sut.credentials(INTEGRATION);

    expect(fake.lookups).toEqual([INTEGRATION, INTEGRATION]);
  });

  it('shares one request between concurrent misses', async () => {
    const { sut, fake } = setup();

    await Promise.all([
      sut.credentials(INTEGRATION),
      sut.credentials(INTEGRATION),
      sut.credentials(INTEGRATION),
    ]);

    expect(fake.lookups).toEqual([INTEGRATION]);
  });

  it('answers null for an unknown integration without remembering it', async () => {
    const { sut, fake } = setup();

    await expect(sut.credentials('unknown')).resolves.toBeNull();
    fake.integrations.set('unknown', { tenantId: 'tenant-b', secret: 'just-onboarded-secret' });

    await expect(sut.credentials('unknown')).resolves.toMatchObject({ tenantId: 'tenant-b' });
  });

  it('rejects as unavailable when tenant-service cannot answer, and caches nothing', async () => {
    const { sut, fake } = setup();
    fake.failing = true;

    await expect(sut.credentials(INTEGRATION)).rejects.toBeInstanceOf(InternalServiceUnavailableError);
    fake.failing = false;

    await expect(sut.credentials(INTEGRATION)).resolves.toMatchObject({ secret: 'first-webhook-secret' });
  });

  it('asks for the path-escaped integration id', async () => {
    const { sut, fake } = setup();

    await sut.credentials('a/b');

    expect(fake.lookups).toEqual(['a/b']);
  });

  describe('refreshed', () => {
    it('fetches the current secret after a mismatch (a rotation)', async () => {
      const { sut, fake, advance } = setup({ refreshMinIntervalMs: 5_000 });
      const stale = (await sut.credentials(INTEGRATION))!;
      fake.integrations.set(INTEGRATION, { tenantId: 'tenant-a', secret: 'rotated-webhook-secret' });
      advance(5_000);

      const current = await sut.refreshed(INTEGRATION, stale);

      expect(current).toMatchObject({ secret: 'rotated-webhook-secret' });
      await expect(sut.credentials(INTEGRATION)).resolves.toBe(current);
      expect(fake.lookups).toHaveLength(2);
    });

    it('does not ask again for credentials fetched moments ago', async () => {
      const { sut, fake, advance } = setup({ refreshMinIntervalMs: 5_000 });
      const stale = (await sut.credentials(INTEGRATION))!;
      advance(4_999);

      await expect(sut.refreshed(INTEGRATION, stale)).resolves.toBe(stale);
      expect(fake.lookups).toHaveLength(1);
    });

    it('answers what another request already refreshed, without asking again', async () => {
      const { sut, fake, advance } = setup();
      const stale = (await sut.credentials(INTEGRATION))!;
      advance(1);
      const refreshedByOther = await sut.refreshed(INTEGRATION, stale);

      await expect(sut.refreshed(INTEGRATION, stale)).resolves.toBe(refreshedByOther);
      expect(fake.lookups).toHaveLength(2);
    });

    it('shares one request between concurrent refreshes', async () => {
      const { sut, fake, advance } = setup();
      const stale = (await sut.credentials(INTEGRATION))!;
      advance(1);

      const [a, b] = await Promise.all([
        sut.refreshed(INTEGRATION, stale),
        sut.refreshed(INTEGRATION, stale),
      ]);

      expect(a).toBe(b);
      expect(fake.lookups).toHaveLength(2);
    });

    it('answers null once the integration is gone', async () => {
      const { sut, fake, advance } = setup();
      const stale = (await sut.credentials(INTEGRATION))!;
      fake.integrations.delete(INTEGRATION);
      advance(1);

      await expect(sut.refreshed(INTEGRATION, stale)).resolves.toBeNull();
    });
  });
});
