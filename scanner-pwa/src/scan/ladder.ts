/**
 * The decoder ladder, run inside the decode worker: the platform's BarcodeDetector where it
 * exists (native, fastest), then zxing-wasm, then jsQR. The order follows the QR reading
 * measurement of the benchmark issue (Debian Chromium, 640×480 frame with a code): zxing-wasm
 * 17 ms and 265 of 316 reference images, jsQR 157 ms and 244, with 2 images only jsQR reads. So
 * zxing goes first and jsQR stays as the fallback: on camera frames it runs on every
 * `JSQR_EVERY_NTH_MISS`-th frame that zxing missed (a frame without a code pays every rung), and
 * on every frame only while zxing's module and .wasm are still loading. Files, read once, get
 * every rung in full. A rung that returns empty or non-UTF-8 text has missed (see text.ts).
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

/** Camera frames that zxing missed, per jsQR attempt: jsQR costs ~10× zxing per frame. */
const JSQR_EVERY_NTH_MISS = 4;
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
let zxingMisses = 0;

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

/** One camera frame: zxing when loaded, jsQR on every few of its misses or while it loads. */
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
  if (zx !== null) return { text: zx, decoder: 'zxing' };
  zxingMisses = (zxingMisses + 1) % JSQR_EVERY_NTH_MISS;
  if (zxingMisses !== 0) return null;
  // zxing's tryInvert has already covered inverted codes on this frame.
  const js = readWithJsQr(image, false);
  return js !== null ? { text: js, decoder: 'jsqr' } : null;
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
