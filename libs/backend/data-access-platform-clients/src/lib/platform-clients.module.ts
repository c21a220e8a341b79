import { Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { CloudTokenClient } from './cloud-token.client';
import { StateManagerClient } from './state-manager.client';
import { TenantDirectoryClient } from './tenant-directory.client';

/** Which internal services a service calls, each by the base URL its configuration holds. */
export interface PlatformClientsOptions<TConfig> {
  /** The service's configuration (injected); the URL functions read it. */
  readonly configToken: InjectionToken;
  /** tenant-service: number and integration lookups. */
  readonly tenantDirectory?: (config: TConfig) => string;
  /** auth-service's token broker: WhatsApp and Genesys tokens. */
  readonly cloudTokens?: (config: TConfig) => string;
  readonly stateManager?: (config: TConfig) => string;
}

/**
 * The typed clients of Switchboard's internal APIs a service needs, authenticated with its
 * service tokens (ServiceTokenClient, from util-auth's AuthModule).
 */
@Module({})
export class PlatformClients {
  static forRoot<TConfig>(options: PlatformClientsOptions<TConfig>): DynamicModule {
    const client = <T>(
      provide: new (options: { baseUrl: string; serviceTokens: ServiceTokenClient }) => T,
      baseUrl: ((config: TConfig) => string) | undefined,
    ): Provider[] =>
      baseUrl === undefined
        ? []
        : [
            {
              provide,
              inject: [options.configToken, ServiceTokenClient],
              useFactory: (config: TConfig, serviceTokens: ServiceTokenClient) =>
                new provide({ baseUrl: baseUrl(config), serviceTokens }),
            },
          ];
    const providers = [
      ...client(TenantDirectoryClient, options.tenantDirectory),
      ...client(CloudTokenClient, options.cloudTokens),
      ...client(StateManagerClient, options.stateManager),
    ];
    return {
      module: PlatformClients,
      providers,
      exports: providers.map((provider) => (provider as { provide: InjectionToken }).provide),
    };
  }
}
