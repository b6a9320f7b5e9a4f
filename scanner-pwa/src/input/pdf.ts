/**
 * pdf.js behind a small interface. Its worker is bundled with the app (Vite `?url`), so a PDF
 * opens offline and no script comes from elsewhere; eval is off for a strict CSP.
 */
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface OpenPdf {
  pageCount: number;
  /** Page `n` (from 1) rendered at `scale` times 72 dpi, as a bitmap for the decode worker. */
  render(n: number, scale: number): Promise<ImageBitmap>;
  close(): Promise<void>;
}

/** Opens a PDF from its bytes. Throws when the bytes are not a PDF. */
export async function openPdf(data: Uint8Array): Promise<OpenPdf> {
  const doc = await getDocument({
    data,
    isEvalSupported: false,
    useWasm: false,
    enableXfa: false,
    stopAtErrors: false,
  }).promise;

  return {
    pageCount: doc.numPages,
    async render(n, scale) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      const canvasContext = canvas.getContext('2d');
      if (!canvasContext) throw new Error('no 2d context');
      await page.render({ canvas, canvasContext, viewport, background: '#ffffff' }).promise;
      page.cleanup();
      const bitmap = await createImageBitmap(canvas);
      canvas.width = 0;
      canvas.height = 0;
      return bitmap;
    },
    close: () => doc.destroy(),
  };
}
