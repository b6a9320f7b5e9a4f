/**
 * The inline migrations (Kysely) and the SQL files for `wrangler d1 migrations apply` must build
 * the same schema: same tables, columns, keys, indexes, triggers and constraints.
 */
import BetterSqlite3 from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, MIGRATIONS } from '../src/app';
import { openSqliteStorage } from '../src/node/sqlite';
import { migrationFiles, sqlStatements } from './sql-files';

const SQL_DIR = new URL('../migrations/', import.meta.url);

/** The schema objects of a database, their SQL normalised (quotes, case, spacing). */
function schemaOf(db: BetterSqlite3.Database): Record<string, string> {
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' AND name <> 'd1_migrations'
       ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string | null }[];
  return Object.fromEntries(rows.map((r) => [`${r.type} ${r.name}`, normalise(r.sql ?? '')]));
}

function normalise(sql: string): string {
  return sql
    .replace(/["`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .toLowerCase()
    .trim();
}

describe('migrations', () => {
  it('has one SQL file per inline migration, by name', async () => {
    for (const name of Object.keys(MIGRATIONS)) {
      await expect(readFile(new URL(`${name}.sql`, SQL_DIR), 'utf8')).resolves.toContain('CREATE');
    }
  });

  it('builds the same schema from the inline migrations and from the SQL files', async () => {
    const viaKysely = openSqliteStorage(':memory:');
    await migrateToLatest(viaKysely.db as never);
    const kyselySchema = await viaKysely.db
      .selectFrom('sqlite_master' as never)
      .select(['type', 'name', 'sql'] as never[])
      .execute();
    await viaKysely.close();

    const raw = new BetterSqlite3(':memory:');
    for (const text of await migrationFiles()) {
      for (const statement of sqlStatements(text)) raw.exec(statement);
    }
    const fromFiles = schemaOf(raw);
    raw.close();

    const fromKysely = Object.fromEntries(
      (kyselySchema as unknown as { type: string; name: string; sql: string | null }[])
        .filter((r) => !r.name.startsWith('sqlite_') && !r.name.startsWith('kysely_'))
        .map((r) => [`${r.type} ${r.name}`, normalise(r.sql ?? '')]),
    );
    expect(Object.keys(fromFiles).sort()).toEqual(Object.keys(fromKysely).sort());
    expect(fromFiles).toEqual(fromKysely);
  });

  it('is idempotent', async () => {
    const storage = openSqliteStorage(':memory:');
    await migrateToLatest(storage.db as never);
    await expect(migrateToLatest(storage.db as never)).resolves.toBeUndefined();
    await storage.close();
  });
});
