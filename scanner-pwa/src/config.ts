/**
 * Deploy-time configuration: `config.json` beside index.html (a deployment replaces that one
 * file), merged over defaults built into the app. The last good file is kept on the device, so
 * the deployment's configuration also applies offline.
 *
 * @example config.json
 * {
 *   "verificationHosts": ["https://dqcvs.nqs.go.jp", "https://verify.example.org"],
 *   "apiBase": "https://verify.example.org",
 *   "bundleKey": { "kty": "EC", "crv": "P-256", "x": "…", "y": "…" },
 *   "maxStatusAgeHours": 24
 * }
 */

export interface AppConfig {
  /** Base URLs whose `/w/?c=` links are certificate URLs; anything else gets the phishing warning. */
  verificationHosts: string[];
  /** Origin (and path prefix) of the verifier API: `POST /v1/verify`, `GET /v1/trust-bundle`. */
  apiBase: string;
  /**
   * The public key (JWK) that signs the trust bundle: the verifier's own key. Null means no
   * offline verification (the bundle cannot be authenticated, so it is not used).
   */
  bundleKey: JsonWebKey | null;
  /** Oldest status data (hours) that the device may still call current. */
  maxStatusAgeHours: number;
}

const OFFICIAL_HOST = 'https://dqcvs.nqs.go.jp';
const DEFAULT_MAX_STATUS_AGE_HOURS = 24;

/** The built-in defaults: the app is served by the verifier, so its own origin is one host. */
export function defaultConfig(origin: string): AppConfig {
  return {
    verificationHosts: [origin, OFFICIAL_HOST],
    apiBase: origin,
    bundleKey: null,
    maxStatusAgeHours: DEFAULT_MAX_STATUS_AGE_HOURS,
  };
}

/**
 * Merges a parsed `config.json` over the defaults, member by member, ignoring members of the
 * wrong type (a broken deployment file must not break the scanner).
 */
export function mergeConfig(base: AppConfig, raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return base;
  const r = raw as Record<string, unknown>;
  const out: AppConfig = { ...base };
  if (Array.isArray(r.verificationHosts)) {
    const hosts = r.verificationHosts.filter(isHttpUrl);
    if (hosts.length > 0) out.verificationHosts = hosts;
  }
  if (isHttpUrl(r.apiBase)) out.apiBase = r.apiBase.replace(/\/+$/, '');
  if (typeof r.bundleKey === 'object' && r.bundleKey !== null && !Array.isArray(r.bundleKey)) {
    out.bundleKey = r.bundleKey as JsonWebKey;
  }
  if (typeof r.maxStatusAgeHours === 'number' && r.maxStatusAgeHours > 0) {
    out.maxStatusAgeHours = r.maxStatusAgeHours;
  }
  return out;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const SAVED_KEY = 'dqcv.config';

/**
 * Loads `config.json` over the defaults. The last good file is kept on the device, so a phone
 * that is offline (or opened the app before its service worker took over) still has its
 * deployment's hosts and bundle key.
 */
export async function loadConfig(): Promise<AppConfig> {
  const base = defaultConfig(location.origin);
  const built = import.meta.env.VITE_BUNDLE_KEY as string | undefined;
  if (built) base.bundleKey = JSON.parse(built) as JsonWebKey;
  try {
    const res = await fetch(new URL('config.json', document.baseURI), { cache: 'no-cache' });
    if (res.ok) {
      const raw: unknown = await res.json();
      saveRaw(raw);
      return mergeConfig(base, raw);
    }
    if (res.status === 404) {
      // The deployment has no config.json (any more): the built-in defaults apply.
      saveRaw(null);
      return base;
    }
  } catch {
    // Offline or unreachable: fall through to the saved copy.
  }
  return mergeConfig(base, readSaved());
}

function saveRaw(raw: unknown): void {
  try {
    if (raw === null) localStorage.removeItem(SAVED_KEY);
    else localStorage.setItem(SAVED_KEY, JSON.stringify(raw));
  } catch {
    // No storage: the file is read again next time.
  }
}

function readSaved(): unknown {
  try {
    const saved = localStorage.getItem(SAVED_KEY);
    return saved === null ? null : JSON.parse(saved);
  } catch {
    return null;
  }
}
