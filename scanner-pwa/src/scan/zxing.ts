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
import { acceptText } from './text';

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

/** Camera frames: one quick pass; a code missed in one frame is usually read in the next. */
const CAMERA: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: true,
  // Inverted (light on dark) codes are read here, so the jsQR fallback need not invert.
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
  // Plain: the bytes in the character set an ECI names or zxing guesses (Shift_JIS for most
  // Japanese codes), as upstream's own test runner compares them. The default HRI mode would
  // rewrite control and GS1 characters.
  textMode: 'Plain',
};

/** Still images (files, PDF pages), read once: the slow options too, and up to four symbols. */
const STILL: ReaderOptions = {
  ...CAMERA,
  tryHarder: true,
  tryDenoise: true,
  maxNumberOfSymbols: 4,
};

/**
 * The text of every valid QR code zxing finds in `image`, in zxing's order; texts that are empty
 * or hold U+FFFD are left out (text.ts).
 *
 * @example
 * const [first] = await readWithZxing(imageData, false);
 */
export async function readWithZxing(image: ImageData, thorough: boolean): Promise<string[]> {
  const results = await readBarcodes(image, thorough ? STILL : CAMERA);
  const texts: string[] = [];
  for (const r of results) {
    const text = r.isValid ? acceptText(r.text) : null;
    if (text !== null) texts.push(text);
  }
  return texts;
}
