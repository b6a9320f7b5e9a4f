/**
 * The decode worker: receives frames or file images as ImageBitmaps, runs the ladder and answers
 * with the text, so that decoding never blocks the main thread (and the camera preview). A
 * preload request (sent when the camera starts) fetches zxing ahead of the frames; it has no
 * answer.
 */
import { decodeImage, loadZxing, type DecodeEffort, type QrRead } from './ladder';

/** A request from the page. `scales` are tried in order (files: large first, then smaller). */
export interface DecodeRequest {
  id: number;
  bitmap: ImageBitmap;
  effort: DecodeEffort;
  scales: number[];
}

/** Asks the worker to load zxing now, so that it is ready for the first frames. */
export interface PreloadRequest {
  preload: true;
}

export interface DecodeResponse {
  id: number;
  read: QrRead | null;
  /** Set when the worker itself failed (e.g. the wasm could not load); the frame is a miss. */
  error?: string;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<DecodeRequest | PreloadRequest>) => {
  if ('preload' in event.data) {
    // A failed load is a miss for now: camera frames fall back to jsQR and ask again later.
    loadZxing().catch(() => undefined);
    return;
  }
  const { id, bitmap, effort, scales } = event.data;
  let answer: DecodeResponse;
  try {
    answer = { id, read: await decodeBitmap(bitmap, effort, scales) };
  } catch (err) {
    answer = { id, read: null, error: err instanceof Error ? err.name : 'error' };
  } finally {
    bitmap.close();
  }
  scope.postMessage(answer);
};

async function decodeBitmap(
  bitmap: ImageBitmap,
  effort: DecodeEffort,
  scales: number[],
): Promise<QrRead | null> {
  for (const scale of scales) {
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    // A white backdrop: a transparent PNG would otherwise read as black modules on black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const read = await decodeImage(ctx.getImageData(0, 0, width, height), effort);
    if (read) return read;
  }
  return null;
}
