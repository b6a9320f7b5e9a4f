/**
 * What counts as a read. A decoder that returns no bytes, or bytes that are not well-formed
 * UTF-8, has missed: jsQR leaves `data` empty for Shift_JIS text, and a lenient decode would
 * turn a misread into replacement characters that look like a result.
 *
 * @example
 * textFromBytes(new TextEncoder().encode('https://example.test/w/?c=AA')); // 'https://…'
 * textFromBytes(new Uint8Array([0xff])); // null
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The UTF-8 text of `bytes`, or null when empty or not well-formed UTF-8. */
export function textFromBytes(bytes: Uint8Array | ArrayLike<number>): string | null {
  const view = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
  if (view.length === 0) return null;
  try {
    return acceptText(strictUtf8.decode(view));
  } catch {
    return null;
  }
}

/**
 * A decoder that only gives a string (BarcodeDetector): reject empty text and text holding
 * U+FFFD, the mark of bytes that were not valid in the guessed encoding.
 */
export function acceptText(text: string): string | null {
  if (text.trim() === '' || text.includes('\uFFFD')) return null;
  return text;
}
