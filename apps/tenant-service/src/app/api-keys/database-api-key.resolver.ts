import { Injectable } from '@nestjs/common';
import { ApiKeyResolver, type ApiKeyPrincipal } from '@switchboard/backend-util-auth';
import { ApiKeysService } from './api-keys.service';

/** tenant-service resolves API keys from its own database (other services ask it over HTTP). */
@Injectable()
export class DatabaseApiKeyResolver extends ApiKeyResolver {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  resolve(presentedKey: string): Promise<ApiKeyPrincipal | null> {
    return this.apiKeys.verify(presentedKey);
  }
}
