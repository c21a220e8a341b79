import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Role, UserPrincipal } from '@switchboard/backend-util-auth';
import { randomUUID } from 'node:crypto';
import { RefreshTokensRepository } from '../sessions/refresh-tokens.repository';
import { PasswordHasher } from './password-hasher.service';
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import type { UserEntity } from './user.entity';
import { PLATFORM_SCOPE, scopeOf, tenantScope, type UserScope } from './user-scope.util';
import { toUserDto } from './user-view.util';
import { EmailTakenError, UsersRepository, type UserChanges } from './users.repository';

const isPlatformRole = (role: Role) => role === 'platform-admin';

/**
 * User management. A platform-admin manages everyone; a tenant-admin the users of its own tenant
 * (another tenant's users do not exist for it: 404), and never platform-admins. Every change is
 * logged (tenant-service owns the audit log; this log is what it can import later).
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async list(actor: UserPrincipal, query: ListUsersQueryDto): Promise<UserPageDto> {
    const scope = scopeOf(actor);
    if (scope.kind === 'tenant' && query.tenantId !== undefined && query.tenantId !== scope.tenantId) {
      return { items: [], total: 0, limit: query.limit, offset: query.offset }; // another tenant: nothing to see
    }
    const page = await this.users.list(
      scope,
      { tenantId: query.tenantId, role: query.role },
      { limit: query.limit, offset: query.offset },
    );
    return { items: page.items.map(toUserDto), total: page.total, limit: query.limit, offset: query.offset };
  }

  async get(actor: UserPrincipal, id: string): Promise<UserDto> {
    return toUserDto(await this.found(scopeOf(actor), id));
  }

  async create(actor: UserPrincipal, dto: CreateUserDto): Promise<UserDto> {
    const tenantId = this.tenantOfNewUser(actor, dto);
    const user = await this.insert(tenantId === null ? PLATFORM_SCOPE : tenantScope(tenantId), {
      email: dto.email,
      password: dto.password,
      role: dto.role,
      tenantId,
      displayName: dto.displayName ?? null,
    });
    this.logger.log(
      {
        event: 'user.created',
        actorId: actor.userId,
        userId: user.id,
        tenantId: user.tenantId,
        role: user.role,
      },
      'user created',
    );
    return toUserDto(user);
  }

  async update(actor: UserPrincipal, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const scope = scopeOf(actor);
    const user = await this.found(scope, id);
    if (dto.role !== undefined && dto.role !== user.role) {
      if (isPlatformRole(dto.role) && actor.role !== 'platform-admin') {
        throw new ForbiddenException('only platform-admins make platform-admins');
      }
      if (isPlatformRole(dto.role) !== isPlatformRole(user.role)) {
        throw new BadRequestException(
          'a user cannot move between the platform and a tenant; create another user',
        );
      }
    }
    if (
      id === actor.userId &&
      (dto.disabled === true || (dto.role !== undefined && dto.role !== user.role))
    ) {
      throw new ConflictException('you cannot disable yourself or change your own role');
    }
    const changes: UserChanges = {
      ...(dto.displayName !== undefined ? { displayName: dto.displayName } : {}),
      ...(dto.role !== undefined ? { role: dto.role } : {}),
      ...(dto.disabled !== undefined ? { disabled: dto.disabled } : {}),
      ...(dto.password !== undefined ? { passwordHash: await this.hasher.hash(dto.password) } : {}),
    };
    const updated = await this.users.update(scope, id, changes);
    if (!updated) throw new NotFoundException('no such user');
    const endsSessions =
      dto.password !== undefined ||
      dto.disabled === true ||
      (dto.role !== undefined && dto.role !== user.role);
    if (endsSessions) await this.refreshTokens.revokeAllOfUser(scope, id, 'user-changed', new Date());
    this.logger.log(
      {
        event: 'user.updated',
        actorId: actor.userId,
        userId: id,
        tenantId: updated.tenantId,
        changed: Object.keys(dto).filter((key) => dto[key as keyof UpdateUserDto] !== undefined),
        sessionsEnded: endsSessions,
      },
      'user updated',
    );
    return toUserDto(updated);
  }

  async remove(actor: UserPrincipal, id: string): Promise<void> {
    const scope = scopeOf(actor);
    if (id === actor.userId) throw new ConflictException('you cannot delete yourself');
    const user = await this.found(scope, id);
    if (!(await this.users.delete(scope, id))) throw new NotFoundException('no such user');
    this.logger.log(
      { event: 'user.deleted', actorId: actor.userId, userId: id, tenantId: user.tenantId, role: user.role },
      'user deleted',
    );
  }

  /** The caller's own record (GET /auth/me). */
  async me(principal: UserPrincipal): Promise<UserDto> {
    const scope = principal.tenantId === null ? PLATFORM_SCOPE : tenantScope(principal.tenantId);
    const user = await this.users.findById(scope, principal.userId);
    if (!user || user.disabled) throw new UnauthorizedException('this user no longer exists or is disabled');
    return toUserDto(user);
  }

  /** Creates the first platform-admin from configuration when there is none yet. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    if (await this.users.anyPlatformAdmin()) return false;
    try {
      const user = await this.insert(PLATFORM_SCOPE, {
        email: email.trim().toLowerCase(),
        password,
        role: 'platform-admin',
        tenantId: null,
        displayName: 'Platform administrator',
      });
      this.logger.log(
        { event: 'user.created', userId: user.id, role: user.role },
        'bootstrap platform-admin created',
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictException) return false; // another replica was faster
      throw error;
    }
  }

  private tenantOfNewUser(actor: UserPrincipal, dto: CreateUserDto): string | null {
    if (actor.role === 'platform-admin') {
      if (isPlatformRole(dto.role)) {
        if (dto.tenantId !== undefined)
          throw new BadRequestException('a platform-admin belongs to no tenant');
        return null;
      }
      if (dto.tenantId === undefined) throw new BadRequestException(`a ${dto.role} needs a tenantId`);
      return dto.tenantId;
    }
    if (isPlatformRole(dto.role)) throw new ForbiddenException('only platform-admins create platform-admins');
    if (dto.tenantId !== undefined && dto.tenantId !== actor.tenantId) {
      throw new ForbiddenException('tenant-admins create users of their own tenant only');
    }
    return actor.tenantId;
  }

  private async insert(
    scope: UserScope,
    user: {
      email: string;
      password: string;
      role: Role;
      tenantId: string | null;
      displayName: string | null;
    },
  ): Promise<UserEntity> {
    try {
      return await this.users.insert(scope, {
        id: randomUUID(),
        email: user.email,
        role: user.role,
        tenantId: user.tenantId,
        displayName: user.displayName,
        disabled: false,
        passwordHash: await this.hasher.hash(user.password),
      });
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ConflictException(error.message);
      throw error;
    }
  }

  private async found(scope: UserScope, id: string): Promise<UserEntity> {
    const user = await this.users.findById(scope, id);
    if (!user) throw new NotFoundException('no such user');
    return user;
  }
}
