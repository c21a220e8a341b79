import { Module } from '@nestjs/common';
import { TenantScope } from '@switchboard/backend-data-access-persistence';
import { DataSource } from 'typeorm';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { UsersRepository } from '../users/users.repository';

/** The repositories over auth-service's schema, all bound to the tenant scope (row-level security). */
@Module({
  providers: [
    {
      provide: TenantScope,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new TenantScope(dataSource),
    },
    UsersRepository,
    RefreshTokensRepository,
  ],
  exports: [UsersRepository, RefreshTokensRepository],
})
export class RepositoriesModule {}
