import { createServiceDataSource } from '@switchboard/backend-data-access-persistence';
import { loadStateManagerConfig } from '../config/state-manager.config';
import { STATE_MANAGER_MIGRATIONS } from './persistence.constants';

const config = loadStateManagerConfig();

/** Used by `nx run state-manager:migrate` (tools/scripts/migrate.mjs). */
export const migrationDataSource = createServiceDataSource({
  url: config.DATABASE_URL,
  schema: config.DATABASE_SCHEMA,
  migrations: STATE_MANAGER_MIGRATIONS,
  applicationName: 'state-manager-migrate',
});
