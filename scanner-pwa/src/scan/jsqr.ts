/**
 * The jsQR rung: pure JavaScript, always available (no .wasm to load), slower than zxing-wasm
 * and with fewer reads, so the ladder uses it as the fallback. Its text is rebuilt from its
 * segments (text.ts), not taken from its `data`, which is empty for Shift_JIS byte segments and
 * ignores ECI designators.
 *
 * @example
 * const text = readWithJsQr(imageData, true); // also tries the inverted image
 */
import jsQR from 'jsqr';
import { textFromSegments, type QrSegment } from './text';

type JsQrChunks = NonNullable<ReturnType<typeof jsQR>>['chunks'];

/** jsQR's chunks as our segments; the chunk shapes are checked, not assumed. */
function segments(chunks: JsQrChunks): QrSegment[] {
  const out: QrSegment[] = [];
  for (const chunk of chunks) {
    if ('assignmentNumber' in chunk) out.push({ kind: 'eci', assignment: chunk.assignmentNumber });
    else if ('bytes' in chunk) {
      const bytes = Uint8Array.from(chunk.bytes);
      out.push(chunk.type === 'kanji' ? { kind: 'kanji', bytes } : { kind: 'bytes', bytes });
    } else out.push({ kind: 'text', text: chunk.text });
  }
  return out;
}

/**
 * The text of the QR code jsQR finds in `image`, or null. With `invert`, a second pass on the
 * inverted image (light modules on dark); jsQR tries the mirror image by itself.
 */
export function readWithJsQr(image: ImageData, invert: boolean): string | null {
  const found = jsQR(image.data, image.width, image.height, {
    inversionAttempts: invert ? 'attemptBoth' : 'dontInvert',
  });
  return found ? textFromSegments(segments(found.chunks)) : null;
}
