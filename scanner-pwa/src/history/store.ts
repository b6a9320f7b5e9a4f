/**
 * The verification history: off unless the user turns it on, kept only in this browser's
 * IndexedDB, deletable at once, exportable as CSV. It holds names and birth dates, so it never
 * leaves the device except through the user's own export.
 */

export interface HistoryEntry {
  id?: number;
  /** ISO time of the check. */
  at: string;
  result: 'valid' | 'invalid' | 'indeterminate';
  reasons: string[];
  via: 'server' | 'device';
  qualificationName: string;
  holderName: string;
  birthDate: string;
  registrationNumber: string;
  certificateId: string;
  issuingBody: string;
}

const DB = 'dqcv-scanner';
const STORE = 'history';
const ENABLED_KEY = 'dqcv.history';

/** Whether the user turned history on (default off). */
export function historyEnabled(): boolean {
  try {
    return localStorage.getItem(ENABLED_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setHistoryEnabled(on: boolean): void {
  localStorage.setItem(ENABLED_KEY, on ? 'on' : 'off');
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  op: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Adds an entry when history is on; does nothing otherwise. */
export async function addHistory(entry: HistoryEntry): Promise<void> {
  if (!historyEnabled()) return;
  await run('readwrite', (s) => s.add(entry));
}

/** Every entry, newest first. */
export async function listHistory(): Promise<HistoryEntry[]> {
  const all = await run('readonly', (s) => s.getAll() as IDBRequest<HistoryEntry[]>);
  return all.reverse();
}

/** Deletes every entry. */
export async function clearHistory(): Promise<void> {
  await run('readwrite', (s) => s.clear());
}

const COLUMNS: Array<[keyof HistoryEntry, string]> = [
  ['at', '確認日時 checked_at'],
  ['result', '結果 result'],
  ['reasons', '理由 reasons'],
  ['via', '確認方法 via'],
  ['qualificationName', '資格名 qualification'],
  ['holderName', '名前 name'],
  ['birthDate', '生年月日 birth_date'],
  ['registrationNumber', '登録番号 registration_number'],
  ['certificateId', '証明書ID certificate_id'],
  ['issuingBody', '発行機関 issuing_body'],
];

/**
 * CSV (RFC 4180, CRLF) with a UTF-8 byte order mark, so that Excel opens Japanese text correctly.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 *
 * @example
 * new Blob([historyCsv(entries)], { type: 'text/csv' });
 */
export function historyCsv(entries: HistoryEntry[]): string {
  const lines = [COLUMNS.map(([, label]) => cell(label)).join(',')];
  for (const e of entries) {
    lines.push(
      COLUMNS.map(([key]) => {
        const v = e[key];
        return cell(Array.isArray(v) ? v.join(' ') : String(v ?? ''));
      }).join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
