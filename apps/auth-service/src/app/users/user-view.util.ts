import type { UserDto } from './user.dto';
import type { UserEntity } from './user.entity';

/** What the API shows of a user: never the password hash. */
export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    tenantId: user.tenantId,
    displayName: user.displayName,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
