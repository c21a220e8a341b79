import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import type { PrivateSigningJwk } from '../config/signing-keys.util';
import { SigningKeysService } from './signing-keys.service';

@Global()
@Module({})
export class KeysModule {
  static forRoot(configured: readonly PrivateSigningJwk[] | undefined): DynamicModule {
    return {
      module: KeysModule,
      providers: [
        {
          provide: SigningKeysService,
          useFactory: async () => {
            const keys = await SigningKeysService.fromConfig(configured);
            if (keys.generated) {
              new Logger(KeysModule.name).warn(
                'AUTH_SIGNING_KEYS is unset: signing with a key generated at start (development only; ' +
                  'tokens do not survive a restart and replicas do not share it)',
              );
            }
            return keys;
          },
        },
      ],
      exports: [SigningKeysService],
    };
  }
}
