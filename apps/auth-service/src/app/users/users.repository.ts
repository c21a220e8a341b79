import { Injectable } from '@nestjs/common';
import { TenantScope } from '@switchboard/backend-data-access-persistence';
import type { Role } from '@switchboard/backend-util-auth';
import { QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { UserEntity } from './user.entity';
import type { UserScope } from './user-scope.util';

export class EmailTakenError extends Error {
  constructor() {
    super('a user with this email already exists');
    this.name = EmailTakenError.name;
  }
}

export interface UserFilter {
  readonly tenantId?: string;
  readonly role?: Role;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export type UserChanges = Partial<Pick<UserEntity, 'displayName' | 'role' | 'disabled' | 'passwordHash'>>;

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
  );
}

/**
 * Users, always inside a scope: a tenant scope runs with the tenant set for row-level security
 * and filters by tenant_id as well; the platform scope is for platform-admins and for the
 * lookups that cannot know the tenant yet (login by email).
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly tenants: TenantScope) {}

  within<T>(scope: UserScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return scope.kind === 'platform'
      ? this.tenants.runAsPlatform(work)
      : this.tenants.run(scope.tenantId, work);
  }

  async list(
    scope: UserScope,
    filter: UserFilter,
    page: Page,
  ): Promise<{ items: UserEntity[]; total: number }> {
    return this.within(scope, async (manager) => {
      const query = manager.getRepository(UserEntity).createQueryBuilder('u');
      const tenantId = scope.kind === 'tenant' ? scope.tenantId : filter.tenantId;
      if (tenantId !== undefined) query.andWhere('u.tenantId = :tenantId', { tenantId });
      if (filter.role !== undefined) query.andWhere('u.role = :role', { role: filter.role });
      const [items, total] = await query
        .orderBy('u.createdAt', 'ASC')
        .addOrderBy('u.id', 'ASC')
        .take(page.limit)
        .skip(page.offset)
        .getManyAndCount();
      return { items, total };
    });
  }

  findById(scope: UserScope, id: string): Promise<UserEntity | null> {
    return this.within(scope, (manager) => this.users(manager).findOneBy(this.where(scope, { id })));
  }

  async insert(scope: UserScope, user: Omit<UserEntity, 'createdAt' | 'updatedAt'>): Promise<UserEntity> {
    try {
      return await this.within(scope, (manager) =>
        this.users(manager).save(this.users(manager).create(user)),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
  }

  update(scope: UserScope, id: string, changes: UserChanges): Promise<UserEntity | null> {
    return this.within(scope, async (manager) => {
      const users = this.users(manager);
      const user = await users.findOneBy(this.where(scope, { id }));
      if (!user) return null;
      return users.save(users.merge(user, changes));
    });
  }

  delete(scope: UserScope, id: string): Promise<boolean> {
    return this.within(scope, async (manager) => {
      const result = await this.users(manager).delete(this.where(scope, { id }));
      return (result.affected ?? 0) > 0;
    });
  }

  /**
   * The user with this email, in whichever tenant: platform scope on purpose, because at login
   * a person presents only an email and a password, and the tenant is what we are looking for.
   */
  findByEmailAcrossTenants(email: string): Promise<UserEntity | null> {
    return this.tenants.runAsPlatform((manager) =>
      this.users(manager).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne(),
    );
  }

  /** Platform scope on purpose: platform-admins belong to no tenant. */
  anyPlatformAdmin(): Promise<boolean> {
    return this.tenants.runAsPlatform((manager) => this.users(manager).existsBy({ role: 'platform-admin' }));
  }

  private users(manager: EntityManager): Repository<UserEntity> {
    return manager.getRepository(UserEntity);
  }

  private where(scope: UserScope, criteria: { id: string }) {
    return scope.kind === 'tenant' ? { ...criteria, tenantId: scope.tenantId } : criteria;
  }
}
