import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX widgets_tenant_id_idx ON widgets (tenant_id)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE widgets`);
  }
}

export class AddWidgetColour1700000000001 implements MigrationInterface {
  name = 'AddWidgetColour1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE widgets ADD COLUMN colour text`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE widgets DROP COLUMN colour`);
  }
}

export class BrokenMigration1700000000002 implements MigrationInterface {
  name = 'BrokenMigration1700000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE half_done (id int)`);
    await queryRunner.query(`SELECT * FROM table_that_does_not_exist`);
  }
  async down(): Promise<void> {
    // nothing to undo: up never commits
  }
}
