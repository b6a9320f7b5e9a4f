/**
 * zxing-wasm, the first software rung of the ladder. This module and its .wasm are fetched when the
 * camera starts (or the first file is read), not with the app shell, so the first-load JS stays
 * small. The .wasm is bundled with the app (Vite `?url`), never taken from the CDN that zxing-wasm
 * points at by default, so the scanner works offline and under a strict Content-Security-Policy.
 */
import {
  prepareZXingModule,
  purgeZXingModule,
  readBarcodes,
  type ReaderOptions,
} from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

// One object for the module's lifetime: zxing-wasm keeps its instance while the overrides it is
// given compare equal (by reference), and would start a second instance for a fresh object.
const overrides = {
  locateFile: (path: string, prefix: string) =>
    path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path,
};

prepareZXingModule({ overrides });

/**
 * Fetches and instantiates the .wasm now rather than on the first read. A failed attempt is
 * forgotten (zxing-wasm would otherwise keep the rejected instance), so a later call tries again.
 *
 * @example
 * await instantiateZxing(); // the next readWithZxing runs without a fetch
 */
export async function instantiateZxing(): Promise<void> {
  try {
    await prepareZXingModule({ overrides, fireImmediately: true });
  } catch (err) {
    purgeZXingModule();
    prepareZXingModule({ overrides });
    throw err;
  }
}

const CAMERA: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: true,
  // Inverted (light on dark) codes are read here, so the jsQR fallback need not invert.
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
  // Plain text mode: the default HRI mode rewrites control and GS1 characters. We read the bytes
  // anyway, but keep the text honest for any future use.
  textMode: 'Plain',
};

const FILE: ReaderOptions = { ...CAMERA, tryHarder: true, tryDenoise: true, maxNumberOfSymbols: 4 };

/** The raw bytes of every valid QR code zxing finds in `image`. */
export async function readWithZxing(image: ImageData, thorough: boolean): Promise<Uint8Array[]> {
  const results = await readBarcodes(image, thorough ? FILE : CAMERA);
  return results.filter((r) => r.isValid).map((r) => r.bytes);
}
