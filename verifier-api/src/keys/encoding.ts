/** base64url without padding (RFC 4648 §5), the encoding of receipts in JSON. */
export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The DER bytes inside the first PEM block of `pem`. */
export function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(pem);
  if (m === null) throw new TypeError('not a PEM text');
  const bin = atob((m[1] ?? '').replace(/\s+/g, ''));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}
