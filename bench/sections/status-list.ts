/**
 * Section `status` (issue 7 §4): the Token Status List at scale — encoded size and build time
 * for 1 M and 10 M entries with 1 % revoked, beside the draft's published sizes (which are at
 * 1 bit an entry; ours has 4), the size per revoked entry, lookup and inflate time — and the
 * registry's per-certificate status lookup with 1 M registrations in SQLite.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  MAX_STATUS_LIST_BYTES,
  compressStatusBits,
  decompressStatusBits,
  packStatusBits,
  readStatusBits,
  type StatusBits,
} from '@dqcv/shared-cose';
import { migrateToLatest } from '../../registry/src/db/migrations';
import { RegistryStore } from '../../registry/src/db/store';
import { openSqliteStorage } from '../../registry/src/node/sqlite';
import { figure, type Figure } from '../lib/figures';
import { percentile, median } from '../lib/timing';

const SECTION = 'status';
/** draft-ietf-oauth-status-list, "Size Comparison" table: 1 bit, 1 % revoked, compressed. */
const DRAFT_BYTES: Record<number, number> = { 1_000_000: 13_700, 10_000_000: 135_000 };
const REVOKED_SHARE = 0.01;
const REGISTRATIONS = 1_000_000;
const LIST_SIZE = 16_384;

/** A small deterministic PRNG (mulberry32), so every run revokes the same entries. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Entry values with exactly `share` of them set to `value` at random positions. */
function revokedValues(entries: number, share: number, value: number): Uint8Array {
  const values = new Uint8Array(entries);
  const random = prng(entries);
  let left = Math.round(entries * share);
  while (left > 0) {
    const i = Math.floor(random() * entries);
    if (values[i] === 0) {
      values[i] = value;
      left -= 1;
    }
  }
  return values;
}

function encode(values: Uint8Array, bits: StatusBits): { bytes: Uint8Array; ms: number } {
  const started = performance.now();
  const bytes = compressStatusBits(packStatusBits(values, bits));
  return { bytes, ms: performance.now() - started };
}

function listFigures(entries: number): Figure[] {
  const label = entries >= 1_000_000 ? `${entries / 1_000_000} M` : String(entries);
  const revoked = Math.round(entries * REVOKED_SHARE);
  // Value 1 (revoked) in both: the 4-bit list is what the registry publishes.
  const values = revokedValues(entries, REVOKED_SHARE, 1);
  const four = encode(values, 4);
  const one = encode(values, 1);

  const packed = decompressStatusBits(four.bytes, Math.ceil(entries / 2));
  if (!packed) throw new Error('the 4-bit list does not inflate back');
  const inflateStarted = performance.now();
  decompressStatusBits(four.bytes, Math.ceil(entries / 2));
  const inflateMs = performance.now() - inflateStarted;

  const random = prng(7);
  const lookups = 1_000_000;
  let sum = 0;
  const lookupStarted = performance.now();
  for (let i = 0; i < lookups; i += 1) {
    sum += readStatusBits(packed, Math.floor(random() * entries), 4) ?? 0;
  }
  const lookupNs = ((performance.now() - lookupStarted) * 1e6) / lookups;
  if (sum === 0) throw new Error('lookups found no revoked entry');

  // What the registry publishes: lists of LIST_SIZE entries (store.ts), each compressed alone.
  let shardBytes = 0;
  for (let from = 0; from < entries; from += LIST_SIZE) {
    shardBytes += encode(values.subarray(from, from + LIST_SIZE), 4).bytes.length;
  }

  const draft = DRAFT_BYTES[entries];
  const tooLarge = packed.length > MAX_STATUS_LIST_BYTES;
  return [
    figure(SECTION, `${label} entries, 1 bit, compressed`, one.bytes.length / 1000, {
      unit: 'KB',
      ...(draft !== undefined && { reference: draft / 1000 }),
      note: 'reference: the draft’s published size',
    }),
    figure(SECTION, `${label} entries, 4 bits (ours), compressed`, four.bytes.length / 1000, {
      unit: 'KB',
      ...(draft !== undefined && { reference: draft / 1000 }),
    }),
    figure(SECTION, `${label} entries in ${LIST_SIZE}-entry lists, total`, shardBytes / 1000, {
      unit: 'KB',
      note: `${Math.ceil(entries / LIST_SIZE)} tokens, as the registry shards them`,
    }),
    figure(
      SECTION,
      `${label} entries, 4 bits, bytes per revoked entry`,
      four.bytes.length / revoked,
      {
        unit: 'B',
      },
    ),
    figure(SECTION, `${label} entries, 4 bits, build (pack + zlib 9)`, four.ms, { unit: 'ms' }),
    figure(SECTION, `${label} entries, 4 bits, inflate`, inflateMs, {
      unit: 'ms',
      ...(tooLarge && {
        note: `one list this long exceeds the decoder's ${MAX_STATUS_LIST_BYTES}-byte cap; sharded it fits`,
      }),
    }),
    figure(SECTION, `${label} entries, lookup of one entry`, lookupNs, { unit: 'ns' }),
  ];
}

/** Fills a fresh registry database with `count` registrations, each with one certificate. */
async function bulkRegistry(file: string, count: number): Promise<string[]> {
  const storage = openSqliteStorage(file);
  await migrateToLatest(storage.db as never);
  await storage.close();

  const db = new BetterSqlite3(file);
  // A throwaway file: no journal, no fsync, a large page cache.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const now = new Date().toISOString();
  const ids: string[] = [];
  db.transaction(() => {
    db.prepare(
      `INSERT INTO signers (kid, alg, certificate_pem, serial_number, created_at) VALUES (?, ?, ?, ?, ?)`,
    ).run('D-000001', 'PS256', '-', '01', now);
    const list = db.prepare(
      `INSERT INTO status_lists (id, size, next_index, version, created_at) VALUES (?, ?, ?, 0, ?)`,
    );
    const lists = Math.ceil(count / LIST_SIZE);
    for (let l = 1; l <= lists; l += 1) {
      list.run(l, LIST_SIZE, Math.min(LIST_SIZE, count - (l - 1) * LIST_SIZE), now);
    }
    const registration = db.prepare(
      `INSERT INTO registrations (id, qualification_name, holder_name, birth_date, registration_number,
        registration_date, issuing_body, status, status_changed_at, created_at)
       VALUES (?, 'bench', 'bench', '2000-01-01', ?, '2020-01-01', 'bench', ?, ?, ?)`,
    );
    const certificate = db.prepare(
      `INSERT INTO certificates (id, registration_id, kid, alg, issued_at, status_list_id,
        status_index, url, record_json) VALUES (?, ?, 'D-000001', 'PS256', ?, ?, ?, '-', '{}')`,
    );
    for (let i = 0; i < count; i += 1) {
      const reg = `R-${i.toString().padStart(8, '0')}`;
      const cert = `C-${i.toString().padStart(8, '0')}`;
      const status = i % 100 === 0 ? 'revoked' : 'active';
      registration.run(reg, String(i), status, now, now);
      certificate.run(cert, reg, now, Math.floor(i / LIST_SIZE) + 1, i % LIST_SIZE);
      if (i % 1000 === 0) ids.push(cert);
    }
  })();
  db.close();
  return ids;
}

async function registryFigures(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dqcv-bench-registry-'));
  try {
    const file = join(dir, 'registry.sqlite');
    const buildStarted = performance.now();
    const ids = await bulkRegistry(file, REGISTRATIONS);
    const buildS = (performance.now() - buildStarted) / 1000;

    const storage = openSqliteStorage(file);
    const store = new RegistryStore(storage);
    const random = prng(11);
    const times: number[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const started = performance.now();
      const row = await store.getCertificate(id);
      times.push(performance.now() - started);
      if (!row) throw new Error(`certificate ${id} not found`);
    }
    await storage.close();
    return [
      figure(SECTION, 'registry: 1 M registrations, bulk build', buildS, { unit: 's' }),
      figure(SECTION, 'registry: status lookup p50 (1 M rows)', median(times), { unit: 'ms' }),
      figure(SECTION, 'registry: status lookup p99 (1 M rows)', percentile(times, 99), {
        unit: 'ms',
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the section and returns its figures. */
export async function runStatusList(): Promise<Figure[]> {
  return [...listFigures(1_000_000), ...listFigures(10_000_000), ...(await registryFigures())];
}
