import { createServiceDataSource } from '@switchboard/backend-data-access-persistence';
import { loadConfig } from '@switchboard/backend-util-config';
import { DEFAULT_DATABASE_URL, DEFAULT_SCHEMA, SERVICE_NAME } from '../config/auth-service.config';
import { AUTH_SERVICE_MIGRATIONS } from './auth-service.migrations';
import { z } from 'zod';

// Only what migrating needs: the migrate target must not require the signing keys.
const config = loadConfig(`${SERVICE_NAME} (migrate)`, (ctx) => ({
  DATABASE_URL: ctx.isProduction ? z.string().min(1) : z.string().min(1).default(DEFAULT_DATABASE_URL),
  DATABASE_SCHEMA: z.string().default(DEFAULT_SCHEMA),
}));

/** Used by `npx nx migrate auth-service` (tools/scripts/migrate.mjs). */
export const migrationDataSource = createServiceDataSource({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  migrations: AUTH_SERVICE_MIGRATIONS,
  applicationName: `${SERVICE_NAME}-migrate`,
});
