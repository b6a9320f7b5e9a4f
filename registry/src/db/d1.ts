/**
 * The D1 adapter: Kysely on a Cloudflare D1 binding, and atomic statement lists as one
 * `batch()` (D1 runs a batch as a single implicit transaction and refuses BEGIN).
 *
 * @example
 * const storage = createD1Storage(env.DB);
 */
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import type { Database } from './schema';
import type { RegistryStorage } from './storage';

/** The part of the D1 binding's API that the registry uses (workers-types is not installed). */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<{ results?: unknown[] }[]>;
}

export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
}

/** Wraps a D1 binding (or Miniflare's `getD1Database()`) as the registry's storage. */
export function createD1Storage(d1: D1Like): RegistryStorage {
  // kysely-d1 types its config with @cloudflare/workers-types, which this repo does not install.
  const db = new Kysely<Database>({
    dialect: new D1Dialect({ database: d1 as never }),
  });
  return {
    db,
    async atomic(queries) {
      if (queries.length === 0) return [];
      const statements = queries.map((q) => d1.prepare(q.sql).bind(...q.parameters));
      const results = await d1.batch(statements);
      return results.map((r) => (r.results ?? []) as Record<string, unknown>[]);
    },
    async close() {
      await db.destroy();
    },
  };
}
