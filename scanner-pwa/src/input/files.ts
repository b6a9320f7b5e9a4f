/**
 * Reading a QR code from a file the user opened or shared: images go straight to the decode
 * worker (at full size and scaled down, since very large photos defeat finder-pattern search);
 * PDFs are rendered page by page with pdf.js, which is loaded only for a PDF.
 */
import { decodeBitmap } from '../scan/decoder';
import type { QrRead } from '../scan/ladder';

export type FileKind = 'image' | 'pdf';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** The kind of a file we can read, by MIME type and, when the type is missing, by extension. */
export function fileKind(file: { type: string; name: string }): FileKind | null {
  const type = file.type.toLowerCase();
  if (IMAGE_TYPES.has(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type !== '' && type !== 'application/octet-stream') return null;
  const name = file.name.toLowerCase();
  if (/\.(png|jpe?g|webp)$/.test(name)) return 'image';
  if (name.endsWith('.pdf')) return 'pdf';
  return null;
}

/** Largest side, in pixels, that the first attempt on a photo decodes at. */
const MAX_IMAGE_SIDE = 2400;

/** Finds the first QR code in an image file, or null. Throws only when the file is unreadable. */
export async function readImageFile(file: Blob): Promise<QrRead | null> {
  const probe = await createImageBitmap(file);
  const side = Math.max(probe.width, probe.height);
  const first = Math.min(1, MAX_IMAGE_SIDE / side);
  // Smaller copies help when the code fills a large photo with blur or sensor noise.
  const scales = [first, first / 2, first / 4].filter((s) => side * s >= 120);
  return decodeBitmap(probe, 'file', scales.length > 0 ? scales : [1]);
}

/** Scales (times 72 dpi) each PDF page is rendered at, in order, until a code is read. */
const PDF_SCALES = [3, 5];
const MAX_PDF_PAGES = 10;

/** Finds the first QR code in a PDF, page by page. Throws when the file is not a readable PDF. */
export async function readPdfFile(file: Blob): Promise<QrRead | null> {
  const { openPdf } = await import('./pdf');
  const pdf = await openPdf(new Uint8Array(await file.arrayBuffer()));
  try {
    for (let page = 1; page <= Math.min(pdf.pageCount, MAX_PDF_PAGES); page++) {
      for (const scale of PDF_SCALES) {
        const bitmap = await pdf.render(page, scale);
        const read = await decodeBitmap(bitmap, 'file', [1]);
        if (read) return read;
      }
    }
    return null;
  } finally {
    await pdf.close();
  }
}
