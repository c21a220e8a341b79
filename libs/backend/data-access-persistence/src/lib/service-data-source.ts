import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /** The service's own schema: every table, and its migrations table, live there. */
  readonly schema: string;
  // TypeORM's own option types: entity classes or schemas, migration classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations?: MixedList<Function | string>;
  readonly applicationName?: string;
  readonly poolSize?: number;
  readonly logging?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": lowercase letters, digits and _ only`);
  }
}

/**
 * TypeORM options for one service. Migrations are the only source of the schema:
 * `synchronize` and `migrationsRun` stay off; `runServiceMigrations` applies them.
 */
export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  assertSchemaName(options.schema);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    // Unqualified names in migrations and queries resolve to the service's own schema.
    extra: { connectionTimeoutMillis: 5000, options: `-c search_path=${options.schema}` },
  };
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}

/**
 * Applies the pending migrations of a service, each in its own transaction. The schema itself
 * (the namespace, not its tables) is created first because TypeORM keeps its migrations table
 * inside it. Returns the names of the migrations applied.
 */
export async function runServiceMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('the data source has no schema');
  assertSchemaName(schema);
  const initialised = dataSource.isInitialized;
  if (!initialised) await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (!initialised) await dataSource.destroy();
  }
}
