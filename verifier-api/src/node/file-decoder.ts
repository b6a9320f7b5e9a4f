/**
 * The Node host's upload decoder: PNG and JPEG through sharp, PDF pages rendered by pdfjs-dist
 * (legacy build, for Node) onto @napi-rs/canvas, every page at several scales, QR codes read by
 * zxing-wasm with its WebAssembly loaded from node_modules (the library's default is a CDN).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { FileTooLargeError, type FileDecoder, type FileKind } from '../deps';

const require = createRequire(import.meta.url);

/** Longest side, in pixels, that an image is scanned at first; then smaller copies. */
const IMAGE_SIDES = [2400, 1400, 800];
/** PDF render scales (1 = 72 dpi): a printed A4 QR is found at 2; the others catch odd sizes. */
const PDF_SCALES = [2, 3, 1.25];
const MAX_PDF_PAGES = 20;
/** Largest PDF page rendering scanned. */
const MAX_INPUT_PIXELS = 60_000_000;
/**
 * Largest image decoded: bigger photos are scaled down to IMAGE_SIDES before scanning (sharp
 * reads sequentially, so memory stays bounded); beyond this the upload is refused as too large.
 */
const MAX_IMAGE_PIXELS = 150_000_000;

interface Pixmap {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

let zxingReady: Promise<unknown> | undefined;

function prepareZxing(): Promise<unknown> {
  zxingReady ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((wasm) =>
    prepareZXingModule({
      overrides: {
        wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
      },
      fireImmediately: true,
    }),
  );
  return zxingReady;
}

async function qrTexts(pixels: Pixmap): Promise<string[]> {
  await prepareZxing();
  const results = await readBarcodes(pixels as unknown as ImageData, {
    formats: ['QRCode'],
    tryHarder: true,
    maxNumberOfSymbols: 4,
  });
  return results.filter((r) => r.isValid && r.text !== '').map((r) => r.text);
}

async function imagePixmaps(bytes: Uint8Array): Promise<Pixmap[]> {
  // The header alone: no pixel is decoded to learn the size.
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_IMAGE_PIXELS) {
    throw new FileTooLargeError(
      `the image is too large: ${meta.width}x${meta.height} pixels, at most ${MAX_IMAGE_PIXELS} are read`,
    );
  }
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
  const sides = [
    Math.min(longest, IMAGE_SIDES[0]!),
    ...IMAGE_SIDES.slice(1).filter((s) => s < longest),
  ];
  const out: Pixmap[] = [];
  for (const side of sides) {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    });
  }
  return out;
}

async function findInImage(bytes: Uint8Array): Promise<string[]> {
  for (const pixmap of await imagePixmaps(bytes)) {
    const texts = await qrTexts(pixmap);
    if (texts.length > 0) return texts;
  }
  return [];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = pathToFileURL(
      require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    ).href;
    return lib;
  });
  return pdfjs;
}

/**
 * The @napi-rs/canvas that pdf.js itself loads (its own pinned copy): pdf.js checks paths with
 * `instanceof Path2D` of that copy, so pages must be drawn on its canvases.
 */
function pdfCanvas(): typeof import('@napi-rs/canvas') {
  const fromPdfJs = createRequire(require.resolve('pdfjs-dist/package.json'));
  return fromPdfJs('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
}

async function findInPdf(bytes: Uint8Array): Promise<string[]> {
  const lib = await loadPdfJs();
  const { createCanvas } = pdfCanvas();
  const task = lib.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (const scale of PDF_SCALES) {
      for (let n = 1; n <= pages; n += 1) {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale });
        const width = Math.ceil(viewport.width);
        const height = Math.ceil(viewport.height);
        if (width * height > MAX_INPUT_PIXELS) continue;
        const canvas = createCanvas(width, height);
        const ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, width, height);
        await page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          canvasContext: ctx as unknown as CanvasRenderingContext2D,
          viewport,
        }).promise;
        const image = ctx.getImageData(0, 0, width, height);
        page.cleanup();
        const texts = await qrTexts({ data: image.data, width, height });
        if (texts.length > 0) return texts;
      }
    }
    return [];
  } catch {
    // A PDF that pdf.js cannot open holds no QR code we can read: the verdict says so.
    return [];
  } finally {
    await task.destroy();
  }
}

/**
 * Builds the decoder the Node host injects into the app.
 *
 * @example
 * const app = createVerifierApp({ ...deps, fileDecoder: createFileDecoder() });
 */
export function createFileDecoder(): FileDecoder {
  return async (bytes: Uint8Array, kind: FileKind) => {
    try {
      return kind === 'pdf' ? await findInPdf(bytes) : await findInImage(bytes);
    } catch (error) {
      if (error instanceof FileTooLargeError) throw error;
      // An image sharp cannot decode (truncated, corrupt) is "no QR found", not a 5xx.
      return [];
    }
  };
}
