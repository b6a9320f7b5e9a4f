/**
 * The decoder ladder, run inside the decode worker: the platform's BarcodeDetector where it
 * exists (native, fastest), then jsQR (small, pure JS), then zxing-wasm (largest and best on hard
 * codes; fetched only the first time the cheaper rungs miss). The order follows the QR reading
 * measurement of the benchmark issue: each rung is cheaper than the next and the last reads the
 * most. A rung that returns empty or non-UTF-8 text has missed (see text.ts).
 */
import jsQR from 'jsqr';
import { acceptText, textFromBytes } from './text';

export type DecoderName = 'barcode-detector' | 'jsqr' | 'zxing';

/** One successful read: the text and the rung that produced it. */
export interface QrRead {
  text: string;
  decoder: DecoderName;
}

/** `camera`: one quick pass per frame. `file`: the slow options of zxing as well. */
export type DecodeEffort = 'camera' | 'file';

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

function readJsQr(image: ImageData): string | null {
  // attemptBoth: inverted codes (light on dark) need the second pass, and a phone screen showing
  // a dark-mode PDF is a common case. jsQR also tries the mirror image by itself.
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return found ? textFromBytes(found.binaryData) : null;
}

async function readZxing(image: ImageData, effort: DecodeEffort): Promise<string | null> {
  const { readWithZxing } = await import('./zxing');
  for (const bytes of await readWithZxing(image, effort === 'file')) {
    const text = textFromBytes(bytes);
    if (text !== null) return text;
  }
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

  const js = readJsQr(image);
  if (js !== null) return { text: js, decoder: 'jsqr' };

  const zx = await readZxing(image, effort);
  if (zx !== null) return { text: zx, decoder: 'zxing' };

  return null;
}
