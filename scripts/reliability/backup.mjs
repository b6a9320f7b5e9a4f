#!/usr/bin/env node
/**
 * A consistent copy of a registry's data directory while the server runs:
 *
 *     node scripts/reliability/backup.mjs [--data-dir DIR] DESTINATION
 *
 * DIR defaults to DQCV_DATA_DIR, then `.data`. DESTINATION must not exist or be empty.
 *
 * The database is copied with SQLite's online backup API (better-sqlite3 `db.backup`), which
 * copies a single consistent snapshot even while the server keeps writing (a plain `cp` of a
 * WAL database can tear). The copy is then checked with `PRAGMA integrity_check` and checked to
 * agree with itself: each registration's status is the last entry of its history. The key
 * material (pki/, owner-only), the admin token and demo.json are copied beside it.
 *
 * Restore: stop the server, replace the data directory with the copy, start the server.
 * Exit code 0 when the copy is complete and checked, 1 otherwise.
 */
import { chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

function parseArgs(argv) {
  const args = [...argv];
  let dataDir = process.env.DQCV_DATA_DIR || '.data';
  const at = args.indexOf('--data-dir');
  if (at >= 0) {
    dataDir = args[at + 1];
    args.splice(at, 2);
  }
  if (args.length !== 1 || !dataDir) {
    throw new Error('usage: backup.mjs [--data-dir DIR] DESTINATION');
  }
  return { dataDir: resolve(dataDir), destination: resolve(args[0]) };
}

async function emptyOrMissing(dir) {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if (error.code === 'ENOENT') return true;
    throw error;
  }
}

/** Copies a directory tree, keeping each file's permission bits (keys stay 0600). */
async function copyTree(from, to) {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      await copyFile(source, target);
      await chmod(target, (await stat(source)).mode & 0o777);
    }
  }
}

function checkCopy(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check: ${integrity}`);
    const disagreeing = db
      .prepare(
        `SELECT r.id FROM registrations r
         WHERE r.status <> COALESCE(
           (SELECT h.to_status FROM status_history h WHERE h.registration_id = r.id
            ORDER BY h.id DESC LIMIT 1), 'active')`,
      )
      .all();
    if (disagreeing.length > 0) {
      throw new Error(`${disagreeing.length} registration(s) disagree with their history`);
    }
    return {
      registrations: db.prepare('SELECT count(*) AS n FROM registrations').get().n,
      certificates: db.prepare('SELECT count(*) AS n FROM certificates').get().n,
      history: db.prepare('SELECT count(*) AS n FROM status_history').get().n,
    };
  } finally {
    db.close();
  }
}

async function main() {
  const { dataDir, destination } = parseArgs(process.argv.slice(2));
  const source = join(dataDir, 'registry.sqlite');
  if (!(await emptyOrMissing(destination))) throw new Error(`${destination} is not empty`);
  await mkdir(destination, { recursive: true, mode: 0o700 });

  const db = new Database(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    await db.backup(join(destination, 'registry.sqlite'));
  } finally {
    db.close();
  }
  await chmod(join(destination, 'registry.sqlite'), 0o600);

  await copyTree(join(dataDir, 'pki'), join(destination, 'pki'));
  for (const name of ['admin-token', 'demo.json']) {
    try {
      await copyFile(join(dataDir, name), join(destination, name));
      await chmod(join(destination, name), 0o600);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }

  const counts = checkCopy(join(destination, 'registry.sqlite'));
  console.log(
    `backup of ${dataDir} written to ${destination}: integrity ok, ` +
      `${counts.registrations} registrations, ${counts.certificates} certificates, ` +
      `${counts.history} history entries`,
  );
}

main().catch((error) => {
  console.error(`backup failed: ${error.message}`);
  process.exit(1);
});
