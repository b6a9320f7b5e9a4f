/**
 * Which status-list addresses a verifier fetches: only configured ones (DESIGN §4), never one a
 * credential names freely. The credential carries the address; this decides whether it is one.
 */

/** Unreserved characters (RFC 3986 §2.3): they mean the same to every URL parser. */
const UNRESERVED: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
})();

const DOT = 0x2e;

/**
 * Whether `uri` is an allowed status-list address: equal to an allowed entry that does not end
 * in `/`, or an entry ending in `/` followed by one path segment of unreserved characters that
 * is not `.` or `..`. Anything else below a prefix is refused: a `%2e%2e` segment, which a URL
 * parser turns into `..` and so out of the prefix (RFC 3986 §6.2.2.2, §5.2.4), other
 * percent-encoding, a further `/`, a query or a fragment.
 *
 * @example
 * const allowed = ['https://registry.example/v1/status-lists/'];
 * isAllowedStatusListUri('https://registry.example/v1/status-lists/7', allowed) // true
 * isAllowedStatusListUri('https://registry.example/v1/status-lists/%2e%2e/admin', allowed) // false
 */
export function isAllowedStatusListUri(uri: string, allowed: readonly string[]): boolean {
  // A plain loop: this runs once per verification, and a closure per call showed in profiles.
  for (let i = 0; i < allowed.length; i++) {
    const a = allowed[i]!;
    if (!a.endsWith('/')) {
      if (uri === a) return true;
    } else if (uri.length > a.length && uri.startsWith(a) && isSegment(uri, a.length)) {
      return true;
    }
  }
  return false;
}

/** Whether text[from..] is one path segment of unreserved characters, not `.` or `..`. */
function isSegment(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || UNRESERVED[c] !== 1) return false;
  }
  const length = text.length - from;
  if (length > 2 || text.charCodeAt(from) !== DOT) return true;
  return length === 2 && text.charCodeAt(from + 1) !== DOT;
}
