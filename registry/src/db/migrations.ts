/**
 * The schema migrations, inline so that they ship in a Worker bundle as well as on Node. The
 * same DDL is kept as plain SQL in `registry/migrations/` for `wrangler d1 migrations apply`;
 * `test/migrations.test.ts` checks that both produce the same tables, indexes and triggers.
 *
 * @example
 * await migrateToLatest(db); // creates or upgrades the schema, idempotent
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';

const init: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('registrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('qualification_name', 'text', (c) => c.notNull())
      .addColumn('qualification_id', 'text')
      .addColumn('kind_code', 'text')
      .addColumn('holder_name', 'text', (c) => c.notNull())
      .addColumn('holder_code', 'text')
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('registration_number', 'text', (c) => c.notNull())
      .addColumn('registration_date', 'text', (c) => c.notNull())
      .addColumn('issuing_body', 'text', (c) => c.notNull())
      .addColumn('issuer_name', 'text')
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status IN ('active', 'suspended', 'revoked', 'deleted')`),
      )
      .addColumn('status_changed_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('status_lists')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('next_index', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('signers')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('certificate_pem', 'text', (c) => c.notNull())
      .addColumn('serial_number', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revocation_reason', 'text')
      .execute();

    await db.schema
      .createTable('certificates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('registration_id', 'text', (c) => c.notNull().references('registrations.id'))
      .addColumn('kid', 'text', (c) => c.notNull().references('signers.kid'))
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('status_list_id', 'integer', (c) => c.notNull().references('status_lists.id'))
      .addColumn('status_index', 'integer', (c) => c.notNull())
      .addColumn('superseded_by', 'text', (c) => c.references('certificates.id'))
      .addColumn('superseded_at', 'text')
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('record_json', 'text', (c) => c.notNull())
      .addUniqueConstraint('certificates_status_entry', ['status_list_id', 'status_index'])
      .execute();
    await db.schema
      .createIndex('certificates_registration')
      .on('certificates')
      .column('registration_id')
      .execute();

    await db.schema
      .createTable('status_history')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('registration_id', 'text', (c) => c.notNull().references('registrations.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('status_history_registration')
      .on('status_history')
      .columns(['registration_id', 'id'])
      .execute();

    // The history is append-only: the database itself refuses to rewrite it.
    await sql`CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
      BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
      BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END`.execute(db);

    await db.schema
      .createTable('crls')
      .addColumn('number', 'integer', (c) => c.primaryKey())
      .addColumn('this_update', 'text', (c) => c.notNull())
      .addColumn('next_update', 'text', (c) => c.notNull())
      .addColumn('der_base64', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Every migration by name, in order; the names match the files in `registry/migrations/`. */
export const MIGRATIONS: Record<string, Migration> = { '0001_init': init };

/**
 * Brings the schema up to date. Throws if a migration fails (a deployment error, not a request
 * error).
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
