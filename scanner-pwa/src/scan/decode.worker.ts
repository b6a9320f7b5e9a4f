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

type Surface = { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D };

/**
 * The camera's canvas, kept and resized when the frame size changes: a fresh canvas per frame
 * cost more than zxing itself at 1280×720 (allocation, then a slower first draw and readback).
 * Still images get a canvas of their own that is dropped after them, so a large PDF page does
 * not stay in memory.
 */
let cameraSurface: Surface | null = null;

function newSurface(width: number, height: number): Surface | null {
  const canvas = new OffscreenCanvas(width, height);
  // A CPU-backed canvas: what is drawn is read back at once.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return ctx ? { canvas, ctx } : null;
}

function pixels(bitmap: ImageBitmap, width: number, height: number, effort: DecodeEffort) {
  let surface: Surface | null;
  if (effort === 'camera') {
    cameraSurface ??= newSurface(width, height);
    surface = cameraSurface;
  } else surface = newSurface(width, height);
  if (!surface) return null;

  const { canvas, ctx } = surface;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  // A white backdrop: a transparent PNG would otherwise read as black modules on black. Camera
  // frames are opaque video and cover every pixel of the last frame.
  if (effort !== 'camera') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
  }
  ctx.drawImage(bitmap, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

async function decodeBitmap(
  bitmap: ImageBitmap,
  effort: DecodeEffort,
  scales: number[],
): Promise<QrRead | null> {
  for (const scale of scales) {
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const image = pixels(bitmap, width, height, effort);
    if (!image) return null;
    const read = await decodeImage(image, effort);
    if (read) return read;
  }
  return null;
}
