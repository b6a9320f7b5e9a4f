/**
 * The in-browser half of the `qr` section: decodes images with jsQR and zxing-wasm exactly as
 * the scanner PWA's ladder calls them (scanner-pwa/src/scan), and with the ladder itself, at a
 * rotation, and times the ladder on camera-sized frames. Driven by bench/sections/qr.ts through
 * `window.bench`.
 */
import jsQR from 'jsqr';
import { decodeImage } from '../../scanner-pwa/src/scan/ladder';
import { textFromBytes } from '../../scanner-pwa/src/scan/text';
import { readWithZxing } from '../../scanner-pwa/src/scan/zxing';

export interface CaseResult {
  jsqr: string | null;
  zxing: string | null;
  /** The ladder's own read, when asked for (`withLadder`). */
  ladder?: string | null;
  /** The browser could not decode the image file at all. */
  undecodable?: true;
}

async function imageData(src: string, rotation: number): Promise<ImageData> {
  const blob = await (await fetch(src)).blob();
  const bitmap = await createImageBitmap(blob);
  const turned = rotation === 90 || rotation === 270;
  const canvas = new OffscreenCanvas(
    turned ? bitmap.height : bitmap.width,
    turned ? bitmap.width : bitmap.height,
  );
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

function readJsQr(image: ImageData): string | null {
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return found ? textFromBytes(found.binaryData) : null;
}

async function readZxing(image: ImageData): Promise<string | null> {
  for (const bytes of await readWithZxing(image, false)) {
    const text = textFromBytes(bytes);
    if (text !== null) return text;
  }
  return null;
}

async function decodeCase(src: string, rotation: number, withLadder: boolean): Promise<CaseResult> {
  let image: ImageData;
  try {
    image = await imageData(src, rotation);
  } catch {
    return { jsqr: null, zxing: null, ladder: null, undecodable: true };
  }
  const result: CaseResult = { jsqr: readJsQr(image), zxing: await readZxing(image) };
  if (withLadder) result.ladder = (await decodeImage(image, 'camera'))?.text ?? null;
  return result;
}

/** A camera-like frame: grey noise with the QR image drawn at a third of the height. */
async function frame(src: string, width: number, height: number): Promise<ImageData> {
  const bitmap = await createImageBitmap(await (await fetch(src)).blob());
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#8a8a80';
  ctx.fillRect(0, 0, width, height);
  const side = Math.round(height / 2);
  ctx.drawImage(bitmap, (width - side) / 2, (height - side) / 2, side, side);
  return ctx.getImageData(0, 0, width, height);
}

async function timeFrames(src: string, width: number, height: number, runs: number) {
  const image = await frame(src, width, height);
  const time = async (fn: () => unknown) => {
    await fn();
    const all: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      await fn();
      all.push(performance.now() - t);
    }
    all.sort((a, b) => a - b);
    return all[all.length >> 1]!;
  };
  return {
    ladder: await time(() => decodeImage(image, 'camera')),
    jsqr: await time(() => readJsQr(image)),
    zxing: await time(() => readZxing(image)),
    read: (await decodeImage(image, 'camera'))?.text ?? null,
  };
}

/** A frame with no QR code: what the camera loop sees most of the time (every rung runs). */
async function timeEmpty(width: number, height: number, runs: number): Promise<number> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#8a8a80';
  ctx.fillRect(0, 0, width, height);
  const image = ctx.getImageData(0, 0, width, height);
  await decodeImage(image, 'camera');
  const all: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await decodeImage(image, 'camera');
    all.push(performance.now() - t);
  }
  all.sort((a, b) => a - b);
  return all[all.length >> 1]!;
}

declare global {
  interface Window {
    bench: {
      decodeCase: typeof decodeCase;
      timeFrames: typeof timeFrames;
      timeEmpty: typeof timeEmpty;
      hasBarcodeDetector: () => boolean;
    };
  }
}

window.bench = {
  decodeCase,
  timeFrames,
  timeEmpty,
  hasBarcodeDetector: () => 'BarcodeDetector' in globalThis,
};
