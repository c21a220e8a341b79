import { Test } from '@nestjs/testing';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { CloudTokenClient } from './cloud-token.client';
import { PlatformClients } from './platform-clients.module';
import { StateManagerClient } from './state-manager.client';
import { TenantDirectoryClient } from './tenant-directory.client';

const CONFIG = Symbol('config');

describe(PlatformClients.name, () => {
  it('provides the clients a service names, with the base URLs its configuration holds', async () => {
    const module = await Test.createTestingModule({
      imports: [
        PlatformClients.forRoot<{ TENANT: string; STATE: string }>({
          configToken: CONFIG,
          tenantDirectory: (config) => config.TENANT,
          stateManager: (config) => config.STATE,
        }),
      ],
    })
      .useMocker((token) => {
        if (token === CONFIG) return { TENANT: 'http://tenant.test', STATE: 'http://state.test' };
        if (token === ServiceTokenClient) return {};
        return undefined;
      })
      .compile();

    expect(module.get(TenantDirectoryClient)).toBeInstanceOf(TenantDirectoryClient);
    expect(module.get(StateManagerClient)).toBeInstanceOf(StateManagerClient);
    expect(() => module.get(CloudTokenClient)).toThrow();
  });
});
