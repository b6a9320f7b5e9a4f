/**
 * The page's side of the decode worker: one worker for the app's lifetime, requests matched to
 * answers by id. Bitmaps are transferred, not copied.
 *
 * @example
 * const read = await decodeBitmap(await createImageBitmap(file), 'file', [1, 0.5]);
 */
import type { DecodeRequest, DecodeResponse, PreloadRequest } from './decode.worker';
import type { DecodeEffort, QrRead } from './ladder';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (read: QrRead | null) => void>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
    const resolve = pending.get(event.data.id);
    pending.delete(event.data.id);
    resolve?.(event.data.read);
  };
  worker.onerror = () => {
    // A worker that failed to start answers nothing: release every waiter as a miss and start a
    // fresh worker on the next request.
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/** Decodes one bitmap off the main thread; the bitmap is consumed (transferred). */
export function decodeBitmap(
  bitmap: ImageBitmap,
  effort: DecodeEffort,
  scales: number[] = [1],
): Promise<QrRead | null> {
  const id = nextId++;
  const request: DecodeRequest = { id, bitmap, effort, scales };
  return new Promise((resolve) => {
    pending.set(id, resolve);
    getWorker().postMessage(request, [bitmap]);
  });
}

/**
 * Starts the worker and its zxing-wasm rung (module and .wasm, from our origin) ahead of the first
 * frame; until it has loaded, frames are read by the jsQR rung.
 *
 * @example
 * preloadDecoders(); // as the camera starts
 */
export function preloadDecoders(): void {
  const request: PreloadRequest = { preload: true };
  getWorker().postMessage(request);
}
