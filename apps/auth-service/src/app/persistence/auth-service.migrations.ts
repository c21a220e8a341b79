import { CreateUsers1767000000000 } from './migrations/1767000000000-create-users.migration';
import { CreateRefreshTokens1767000000001 } from './migrations/1767000000001-create-refresh-tokens.migration';

/** auth-service's migrations, in order: the only source of its schema. */
export const AUTH_SERVICE_MIGRATIONS = [CreateUsers1767000000000, CreateRefreshTokens1767000000001];
