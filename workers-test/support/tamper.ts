/** Changes one byte of a credential's signed payload, keeping it well-formed CBOR. */

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) =>
    ch.charCodeAt(0),
  );
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Replaces the first byte of the ASCII text `marker` inside the encoded credential by `to`.
 *
 * @example
 * tamperText(issued.c, 'Hanako', 'J') // "Hanako" → "Janako" in the payload
 */
export function tamperText(c: string, marker: string, to: string): string {
  const bytes = fromBase64Url(c);
  const needle = new TextEncoder().encode(marker);
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) {
      bytes[i] = to.charCodeAt(0);
      return toBase64Url(bytes);
    }
  }
  throw new Error(`marker ${marker} not found in the credential`);
}
