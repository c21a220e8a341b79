import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../persistence/repositories.module';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { PasswordHasher } from './password-hasher.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [RepositoriesModule],
  controllers: [UsersController],
  providers: [PasswordHasher, UsersService, BootstrapAdminService],
  exports: [PasswordHasher, UsersService],
})
export class UsersModule {}
