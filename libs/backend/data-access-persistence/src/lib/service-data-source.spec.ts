import { serviceDataSourceOptions } from './service-data-source';

describe(serviceDataSourceOptions.name, () => {
  const sut = serviceDataSourceOptions({ url: 'postgres://u@127.0.0.1:5432/db', schema: 'state_manager' });

  it('never lets TypeORM change the schema by itself: migrations are the only source', () => {
    expect(sut).toMatchObject({ synchronize: false, migrationsRun: false });
  });

  it('keeps the tables and the migration history in the service’s own schema', () => {
    expect(sut).toMatchObject({ schema: 'state_manager', migrationsTableName: 'typeorm_migrations' });
    expect((sut as { extra: { options: string } }).extra.options).toBe('-c search_path=state_manager');
  });

  it.each(['State', 'a-b', '1abc', 'x"; drop', ''])('refuses the schema name %p', (schema) => {
    expect(() => serviceDataSourceOptions({ url: 'postgres://x', schema })).toThrow(/invalid schema name/);
  });
});
