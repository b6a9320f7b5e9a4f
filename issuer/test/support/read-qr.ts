/**
 * Reads QR codes from image files with zxing-wasm, its WebAssembly loaded from the local
 * node_modules file (never from a CDN, which is the library's default), and renders PDF pages
 * to PNG with poppler's pdftoppm, the way a printed certificate is seen by a camera.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

let prepared: Promise<unknown> | undefined;

function prepare(): Promise<unknown> {
  prepared ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((wasm) =>
    prepareZXingModule({
      overrides: {
        wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      },
      fireImmediately: true,
    }),
  );
  return prepared;
}

/** The texts of every QR code found in a PNG or JPEG image. */
export async function readQrTexts(image: Uint8Array): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** Renders the first page of a PDF to PNG at `dpi` with pdftoppm. */
export async function pdfFirstPageToPng(pdf: Uint8Array, dpi = 150): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'dqcv-pdf-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, pdf);
    await run('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      input,
      join(dir, 'page'),
    ]);
    const page = (await readdir(dir)).find((f) => f.startsWith('page') && f.endsWith('.png'));
    if (!page) throw new Error('pdftoppm wrote no page');
    return new Uint8Array(await readFile(join(dir, page)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text pdftotext extracts from a PDF (to check the Japanese labels are real text). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dqcv-pdf-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', input, '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rasterises an SVG document with Skia (@napi-rs/canvas) to PNG, `pixels` wide. */
export async function svgToPng(svg: string, pixels = 800): Promise<Uint8Array> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(svg, 'utf8'));
  const canvas = createCanvas(pixels, pixels);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, pixels, pixels);
  ctx.drawImage(image, 0, 0, pixels, pixels);
  return new Uint8Array(canvas.toBuffer('image/png'));
}
