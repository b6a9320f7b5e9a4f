/**
 * The hand-over between the service worker, which receives a Web Share Target POST (a PDF or a
 * link shared from mail), and the page it then opens. One item at a time, removed when taken.
 */

export interface SharedItems {
  file?: File;
  text?: string;
}

const DB = 'dqcv-share';
const STORE = 'inbox';
const KEY = 'latest';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const req = op(t.objectStore(STORE));
        t.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        t.onerror = () => {
          db.close();
          reject(t.error);
        };
      }),
  );
}

/**
 * Reads a share POST's form (Web Share Target level 2: `file`, `url`, `text`, `title`) into the
 * inbox. A shared link often arrives in `text` rather than `url`, so both are kept.
 */
export async function putSharedForm(form: FormData): Promise<void> {
  const item: SharedItems = {};
  const file = form.get('file');
  if (file instanceof File && file.size > 0) item.file = file;
  const url = form.get('url');
  const text = form.get('text');
  const parts = [url, text].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (parts.length > 0) item.text = pickLink(parts.join(' '));
  await tx('readwrite', (s) => s.put(item, KEY));
}

/** The first http(s) URL in shared text, or the text itself when it holds none. */
export function pickLink(text: string): string {
  const match = /https?:\/\/\S+/i.exec(text);
  return match ? match[0] : text.trim();
}

/**
 * The shared items waiting for the page, if it was opened by a share (`?share=1`); they are
 * removed from the inbox, and the marker from the address bar.
 */
export async function takeSharedItems(): Promise<SharedItems | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has('share')) return null;
  history.replaceState(null, '', location.pathname);
  const item = await tx('readonly', (s) => s.get(KEY) as IDBRequest<SharedItems | undefined>);
  await tx('readwrite', (s) => s.delete(KEY));
  return item ?? null;
}
