import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretCipher } from '../crypto/secret-cipher.service';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from './tenant-service.config';

/** The validated configuration and what is built straight from it (the secret cipher). */
@Global()
@Module({})
export class TenantServiceConfigModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    return {
      module: TenantServiceConfigModule,
      providers: [
        { provide: TENANT_SERVICE_CONFIG, useValue: config },
        {
          provide: SecretCipher,
          useFactory: () =>
            new SecretCipher({
              keys: config.encryptionKeys,
              activeKeyId: config.TENANT_ENCRYPTION_ACTIVE_KEY_ID,
              fingerprintKey: config.TENANT_FINGERPRINT_KEY,
            }),
        },
      ],
      exports: [TENANT_SERVICE_CONFIG, SecretCipher],
    };
  }
}
