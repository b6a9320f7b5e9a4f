/** The plain SQL migrations of registry/migrations/, as `wrangler d1 migrations apply` reads them. */
import { readFile } from 'node:fs/promises';
import { MIGRATIONS } from '../src/app';

const SQL_DIR = new URL('../migrations/', import.meta.url);

/** The text of every migration file, in migration order. */
export async function migrationFiles(): Promise<string[]> {
  return Promise.all(
    Object.keys(MIGRATIONS).map((name) => readFile(new URL(`${name}.sql`, SQL_DIR), 'utf8')),
  );
}

/** Splits a migration file into statements (each ends with `;` at the end of a line). */
export function sqlStatements(text: string): string[] {
  return text
    .replace(/^--.*$/gm, '')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
