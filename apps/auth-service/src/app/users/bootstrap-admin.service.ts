import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { UsersService } from './users.service';

/** Creates the first platform-admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when there is none. */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config;
    if (email !== undefined && password !== undefined) await this.users.ensureBootstrapAdmin(email, password);
  }
}
