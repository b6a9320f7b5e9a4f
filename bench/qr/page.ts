/**
 * The in-browser half of the `qr` section, driven by bench/sections/qr.ts through `window.bench`.
 * Every decoder is the scanner PWA's own code: its jsQR rung, its zxing rung with the camera
 * options and with the still-image options, and the ladder as the PWA runs it on a still image
 * (`readImageFile`: decode worker, scales, every rung). Frame timing goes through the same worker
 * call that the camera loop makes for each frame.
 */
import { readImageFile } from '../../scanner-pwa/src/input/files';
import { decodeBitmap, preloadDecoders } from '../../scanner-pwa/src/scan/decoder';
import { readWithJsQr } from '../../scanner-pwa/src/scan/jsqr';
import { instantiateZxing, readWithZxing } from '../../scanner-pwa/src/scan/zxing';

export interface CaseResult {
  jsqr: string | null;
  /** zxing rung, camera options (one quick pass). */
  zxing: string | null;
  /** zxing rung, still-image options (try harder, denoise, up to four symbols). */
  zxingStill: string | null;
  /** The PWA's still-image ladder (files.ts → decode worker), and the rung that read. */
  ladder: string | null;
  ladderDecoder: string | null;
  /** The browser could not decode the image file at all. */
  undecodable?: true;
}

/** The image turned `rotation` degrees clockwise, on white, as pixels and as a PNG file. */
async function rotated(src: string, rotation: number): Promise<{ image: ImageData; file: Blob }> {
  const original = await (await fetch(src)).blob();
  const bitmap = await createImageBitmap(original);
  const turned = rotation === 90 || rotation === 270;
  const canvas = new OffscreenCanvas(
    turned ? bitmap.height : bitmap.width,
    turned ? bitmap.width : bitmap.height,
  );
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  // At 0° the ladder gets the very file a user would open; turned, a lossless PNG of it.
  const file = rotation === 0 ? original : await canvas.convertToBlob({ type: 'image/png' });
  return { image, file };
}

async function decodeCase(src: string, rotation: number): Promise<CaseResult> {
  let input: { image: ImageData; file: Blob };
  try {
    input = await rotated(src, rotation);
  } catch {
    const none = { jsqr: null, zxing: null, zxingStill: null, ladder: null, ladderDecoder: null };
    return { ...none, undecodable: true };
  }
  const { image, file } = input;
  const ladder = await readImageFile(file);
  return {
    jsqr: readWithJsQr(image, true),
    zxing: (await readWithZxing(image, false))[0] ?? null,
    zxingStill: (await readWithZxing(image, true))[0] ?? null,
    ladder: ladder?.text ?? null,
    ladderDecoder: ladder?.decoder ?? null,
  };
}

/** A camera-like frame: grey with the QR image drawn at half the height (none when `src` null). */
async function frame(src: string | null, width: number, height: number) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#8a8a80';
  ctx.fillRect(0, 0, width, height);
  if (src) {
    const bitmap = await createImageBitmap(await (await fetch(src)).blob());
    const side = Math.round(height / 2);
    ctx.drawImage(bitmap, (width - side) / 2, (height - side) / 2, side, side);
  }
  return { canvas, image: ctx.getImageData(0, 0, width, height) };
}

export interface Timing {
  median: number;
  mean: number;
}

/** Median and mean of `runs` calls after `warm` unmeasured ones. */
async function time(fn: () => unknown, runs: number, warm = 3): Promise<Timing> {
  for (let i = 0; i < warm; i += 1) await fn();
  const all: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await fn();
    all.push(performance.now() - t);
  }
  all.sort((a, b) => a - b);
  return { median: all[all.length >> 1]!, mean: all.reduce((a, b) => a + b, 0) / all.length };
}

/** Waits until the worker's zxing rung answers, so no timed frame pays for the .wasm load. */
async function zxingReadyInWorker(canvas: OffscreenCanvas): Promise<void> {
  preloadDecoders();
  for (let i = 0; i < 100; i += 1) {
    const read = await decodeBitmap(await createImageBitmap(canvas), 'camera');
    if (read?.decoder === 'zxing') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the worker never read the sample with zxing');
}

/**
 * Milliseconds per camera frame, with and without a code: the PWA's per-frame call (bitmap to the
 * decode worker, canvas readback, ladder) and, on the same pixels in this thread, its zxing rung
 * alone (camera options) and its jsQR rung alone.
 */
async function timeFrames(src: string, width: number, height: number, runs: number) {
  const withCode = await frame(src, width, height);
  const empty = await frame(null, width, height);
  await instantiateZxing();
  await zxingReadyInWorker(withCode.canvas);
  const perFrame = async (canvas: OffscreenCanvas) =>
    decodeBitmap(await createImageBitmap(canvas), 'camera');
  return {
    read: (await perFrame(withCode.canvas))?.text ?? null,
    ladder: await time(() => perFrame(withCode.canvas), runs),
    // What the camera loop sees most of the time: frames without a code.
    ladderEmpty: await time(() => perFrame(empty.canvas), runs),
    zxing: await time(() => readWithZxing(withCode.image, false), runs),
    zxingEmpty: await time(() => readWithZxing(empty.image, false), runs),
    jsqr: await time(() => readWithJsQr(withCode.image, false), Math.ceil(runs / 3), 1),
    jsqrEmpty: await time(() => readWithJsQr(empty.image, false), Math.ceil(runs / 3), 1),
  };
}

declare global {
  interface Window {
    bench: {
      decodeCase: typeof decodeCase;
      timeFrames: typeof timeFrames;
      hasBarcodeDetector: () => boolean;
    };
  }
}

window.bench = {
  decodeCase,
  timeFrames,
  hasBarcodeDetector: () => 'BarcodeDetector' in globalThis,
};
