import { TEST_DATABASE_URL } from '@switchboard/backend-testing-infra';
import { createServiceDataSource } from '../lib/service-data-source';
import { AddWidgetColour1700000000001, CreateWidgets1700000000000 } from './fixture-migrations';

/** A migration data source like a service's, for the test of tools/scripts/migrate.mjs. */
export const migrationDataSource = createServiceDataSource({
  url: TEST_DATABASE_URL,
  schema: process.env['FIXTURE_SCHEMA'] ?? 'fixture_schema_unset',
  migrations: [CreateWidgets1700000000000, AddWidgetColour1700000000001],
});
