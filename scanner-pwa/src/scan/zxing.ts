/**
 * zxing-wasm, the last rung of the ladder. This module and its .wasm are fetched only when the
 * cheaper rungs have missed. The .wasm is bundled with the app (Vite `?url`), never taken from
 * the CDN that zxing-wasm points at by default, so the scanner works offline and under a strict
 * Content-Security-Policy.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) =>
      path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path,
  },
});

const CAMERA: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: true,
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
