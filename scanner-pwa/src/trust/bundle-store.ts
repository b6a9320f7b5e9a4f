/**
 * Where the trust bundle lives on the device: the signed bytes exactly as the verifier sent them
 * (so the signature is checked again each time they are used) and when they arrived. Kept in
 * IndexedDB; this module has no cryptography so the first screen can show the bundle's age
 * without loading the verification library.
 */

export interface StoredBundle {
  /** The signed bundle, as received. */
  bytes: Uint8Array;
  /** The bundle's own signed issue time (ISO), read when it was verified on arrival. */
  issuedAt: string;
  /** Device time the bundle was stored (ISO), for display only. */
  receivedAt: string;
}

const DB = 'dqcv-trust';
const STORE = 'bundle';
const KEY = 'current';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>) {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = op(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/** The stored bundle, or null when none has been downloaded yet. */
export async function loadStoredBundle(): Promise<StoredBundle | null> {
  const value = await tx('readonly', (s) => s.get(KEY) as IDBRequest<StoredBundle | undefined>);
  if (!value || !(value.bytes instanceof Uint8Array) || typeof value.issuedAt !== 'string') {
    return null;
  }
  return value;
}

/** Replaces the stored bundle (only after its signature was verified). */
export async function saveBundle(bundle: StoredBundle): Promise<void> {
  await tx('readwrite', (s) => s.put(bundle, KEY));
}
