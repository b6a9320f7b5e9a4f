/**
 * The decoder ladder, run inside the decode worker: the platform's BarcodeDetector where it
 * exists (native, fastest), then zxing-wasm, then jsQR. The order follows the QR reading
 * benchmark (`npm run bench -- qr`, Debian Chromium, 316 zxing reference images at four
 * rotations): zxing-wasm reads 1,161 of 1,264 with the camera options and 1,172 with the
 * still-image ones, at ~6 ms per 1280×720 frame; jsQR reads 1,052 at ~25–30 ms, and ~10 of them
 * are ones zxing misses. So zxing goes first. On camera frames zxing alone runs once it has
 * loaded (jsQR only while it loads or after it failed to): jsQR on a frame zxing missed made the
 * loop's frames without a code cost three times the 15 ms budget on average, and the next frame
 * gives zxing another chance. Still images, read once, get every rung in full.
 */
import { readWithJsQr } from './jsqr';
import { acceptText } from './text';

export type DecoderName = 'barcode-detector' | 'jsqr' | 'zxing';

/** One successful read: the text and the rung that produced it. */
export interface QrRead {
  text: string;
  decoder: DecoderName;
}

/** `camera`: one quick pass per frame. `file`: the slow options of zxing as well. */
export type DecodeEffort = 'camera' | 'file';

/** After a failed zxing load, camera frames wait this long before asking for it again. */
const ZXING_RETRY_MS = 10_000;

interface NativeDetector {
  detect(image: ImageData): Promise<Array<{ rawValue: string }>>;
}

let nativeDetector: Promise<NativeDetector | null> | null = null;

/** The BarcodeDetector of this platform when it reads QR codes, else null (cached). */
function getNativeDetector(): Promise<NativeDetector | null> {
  nativeDetector ??= (async () => {
    const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
    if (!ctor) return null;
    try {
      const formats = await ctor.getSupportedFormats();
      return formats.includes('qr_code') ? new ctor({ formats: ['qr_code'] }) : null;
    } catch {
      return null;
    }
  })();
  return nativeDetector;
}

interface BarcodeDetectorCtor {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function readNative(image: ImageData): Promise<string | null> {
  const detector = await getNativeDetector();
  if (!detector) return null;
  try {
    for (const code of await detector.detect(image)) {
      const text = acceptText(code.rawValue);
      if (text !== null) return text;
    }
  } catch {
    // A detector that fails on one frame (e.g. a transient GPU error) is a miss, not an error.
  }
  return null;
}

type ZxingModule = typeof import('./zxing');

let zxingLoad: Promise<ZxingModule> | null = null;
let zxingReady: ZxingModule | null = null;
let zxingFailedAt = -Infinity;

/**
 * Starts fetching zxing's module and .wasm (both from our origin) unless already loaded or on the
 * way; resolves when it can read. A failed load is forgotten, so a later call tries again.
 *
 * @example
 * void loadZxing().catch(() => undefined); // when the camera starts
 */
export function loadZxing(): Promise<ZxingModule> {
  if (zxingLoad) return zxingLoad;
  const attempt = import('./zxing').then(async (mod) => {
    await mod.instantiateZxing();
    zxingReady = mod;
    return mod;
  });
  zxingLoad = attempt;
  attempt.catch(() => {
    if (zxingLoad === attempt) zxingLoad = null;
    zxingFailedAt = Date.now();
  });
  return attempt;
}

async function readZxing(zxing: ZxingModule, image: ImageData, thorough: boolean) {
  const [first] = await zxing.readWithZxing(image, thorough);
  return first ?? null;
}

/** One camera frame: zxing when loaded, else jsQR (while zxing loads, or after it failed to). */
async function decodeFrame(image: ImageData): Promise<QrRead | null> {
  const zxing = zxingReady;
  if (!zxing) {
    if (!zxingLoad && Date.now() - zxingFailedAt >= ZXING_RETRY_MS) {
      loadZxing().catch(() => undefined);
    }
    const js = readWithJsQr(image, true);
    return js !== null ? { text: js, decoder: 'jsqr' } : null;
  }
  const zx = await readZxing(zxing, image, false);
  return zx !== null ? { text: zx, decoder: 'zxing' } : null;
}

/** One image from a file: every rung in full; a zxing that cannot load leaves jsQR to try. */
async function decodeFile(image: ImageData): Promise<QrRead | null> {
  let loadError: unknown = null;
  const zxing = await loadZxing().catch((err: unknown) => {
    loadError = err;
    return null;
  });
  const zx = zxing ? await readZxing(zxing, image, true) : null;
  if (zx !== null) return { text: zx, decoder: 'zxing' };

  const js = readWithJsQr(image, true);
  if (js !== null) return { text: js, decoder: 'jsqr' };
  // Neither read: report the failed load (the worker answers it as an error) rather than hide it.
  if (loadError !== null) throw loadError;
  return null;
}

/**
 * Reads one QR code from `image`, trying each rung in turn.
 *
 * @example
 * const read = await decodeImage(frame, 'camera');
 * if (read) console.log(read.decoder, read.text.length);
 */
export async function decodeImage(image: ImageData, effort: DecodeEffort): Promise<QrRead | null> {
  const native = await readNative(image);
  if (native !== null) return { text: native, decoder: 'barcode-detector' };
  return effort === 'camera' ? decodeFrame(image) : decodeFile(image);
}
