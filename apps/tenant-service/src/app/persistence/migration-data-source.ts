import { createServiceDataSource } from '@switchboard/backend-data-access-persistence';
import { loadTenantServiceConfig } from '../config/tenant-service.config';
import { TENANT_SERVICE_MIGRATIONS } from './persistence.constants';

const config = loadTenantServiceConfig();

/** Used by `nx run tenant-service:migrate` (tools/scripts/migrate.mjs). */
export const migrationDataSource = createServiceDataSource({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  migrations: TENANT_SERVICE_MIGRATIONS,
  applicationName: 'tenant-service-migrate',
});
