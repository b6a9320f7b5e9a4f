/**
 * The Node adapter: better-sqlite3 with WAL and foreign keys, Kysely on top, and atomic
 * statement lists as one synchronous transaction (so concurrent requests cannot interleave
 * inside it).
 *
 * @example
 * const storage = openSqliteStorage('.data/registry.sqlite');
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db/schema';
import type { RegistryStorage } from '../db/storage';

/** Opens (creating if needed) the SQLite file; `:memory:` works for tests. */
export function openSqliteStorage(file: string): RegistryStorage {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // A second process on the same file (e.g. a CLI) waits rather than failing at once.
  sqlite.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const transaction = sqlite.transaction((queries: readonly { sql: string; params: unknown[] }[]) =>
    queries.map(({ sql, params }) => {
      const statement = sqlite.prepare(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    }),
  );

  return {
    db,
    async atomic(queries) {
      if (queries.length === 0) return [];
      return transaction.immediate(
        queries.map((q) => ({ sql: q.sql, params: q.parameters.map(toSqliteValue) })),
      );
    },
    async close() {
      await db.destroy();
    },
  };
}

function toSqliteValue(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

/**
 * The file holds names and birth dates: create it owner-only (0600), and tighten an older one.
 * SQLite gives the -wal and -shm files the mode of the database file.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
