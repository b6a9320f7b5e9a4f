/**
 * What the registry needs from a database: a Kysely instance for reads and single statements,
 * and a runner that applies a list of statements all together or not at all. On Node the runner
 * is one better-sqlite3 transaction (`node/sqlite.ts`); on Cloudflare D1, which refuses BEGIN,
 * it is one `db.batch([...])` (`d1.ts`). Writes are therefore designed as statement lists whose
 * values are computed inside SQL (`INSERT … SELECT`), never read first and written later.
 *
 * @example
 * const rows = await storage.atomic([q1.compile(), q2.compile()]); // rows[i] = rows of query i
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema';

export interface RegistryStorage {
  readonly db: Kysely<Database>;
  /** Runs every query or none, in order; answers the rows each returned (RETURNING, SELECT). */
  atomic(queries: readonly CompiledQuery[]): Promise<Record<string, unknown>[][]>;
  close(): Promise<void>;
}
