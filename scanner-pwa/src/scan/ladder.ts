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

/** `camera`: one quick pass per frame. `file`: every rung with its slow options, plus a mirror. */
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

function readJsQr(image: ImageData, effort: DecodeEffort): string | null {
  // Inverted codes (light on dark) need the second pass; camera frames try both as well since a
  // phone screen showing a dark-mode PDF is a common case.
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (found) {
    const text = textFromBytes(found.binaryData);
    if (text !== null) return text;
  }
  if (effort !== 'file') return null;
  // jsQR does not try the mirror image; a code seen through glass or a selfie camera is mirrored.
  const mirrored = mirror(image);
  const again = jsQR(mirrored.data, mirrored.width, mirrored.height, {
    inversionAttempts: 'attemptBoth',
  });
  return again ? textFromBytes(again.binaryData) : null;
}

/** A horizontally flipped copy of `image`. */
export function mirror(image: ImageData): ImageData {
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      const from = row + x * 4;
      const to = row + (width - 1 - x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return new ImageData(out, width, height);
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

  const js = readJsQr(image, effort);
  if (js !== null) return { text: js, decoder: 'jsqr' };

  const zx = await readZxing(image, effort);
  if (zx !== null) return { text: zx, decoder: 'zxing' };

  return null;
}
