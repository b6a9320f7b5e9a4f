/**
 * A client of the verifier API (docs/ARCHITECTURE.md "Verifier HTTP layout"): `POST /v1/verify`
 * for a URL or a bare `c` value, `POST /v1/verify/file` for a PNG, JPEG or PDF. The verdict is
 * checked member by member and copied; a problem document (a request the server refused)
 * becomes a `VerifierError`, an unreachable server a `VerifierUnreachableError`.
 */
import {
  ProtocolError,
  expectArray,
  expectObject,
  expectString,
  fetchFailure,
  optionalString,
  problemFrom,
  type Problem,
} from './http-shape';

export type VerdictResult = 'valid' | 'invalid' | 'indeterminate';

/** The parts of a verdict the command line shows. */
export interface VerdictSummary {
  result: VerdictResult;
  reasons: { code: string; message: string }[];
  checks: { name: string; status: string; code?: string; detail?: string }[];
  /** The displayed record: text members only (what the verifier decoded). */
  credential: Record<string, string> | null;
  checkedAt: string;
  /** The whole answer as received, for `--json`. */
  raw: Record<string, unknown>;
}

/** The verifier refused the request itself (4xx/5xx problem document). */
export class VerifierError extends Error {
  override readonly name = 'VerifierError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(
      `verifier refused the request (${status}${problem.title ? ` ${problem.title}` : ''})` +
        (problem.detail ? `: ${problem.detail}` : ''),
    );
  }
}

/** The verifier could not be reached. */
export class VerifierUnreachableError extends Error {
  override readonly name = 'VerifierUnreachableError';
  constructor(server: string, cause: unknown) {
    super(`cannot reach the verifier at ${server}: ${fetchFailure(cause)}`);
  }
}

/** A file the verifier accepts, by its leading bytes. */
export type FileKind = 'image/png' | 'image/jpeg' | 'application/pdf';

/** The media type of `bytes` from its signature, or undefined for anything else. */
export function sniffFileKind(bytes: Uint8Array): FileKind | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)
    return 'application/pdf';
  return undefined;
}

const RESULTS: readonly string[] = ['valid', 'invalid', 'indeterminate'];

function summary(value: unknown): VerdictSummary {
  const body = expectObject(value, 'verdict');
  const result = expectString(body, 'result');
  if (!RESULTS.includes(result)) throw new ProtocolError(`verdict result "${result}" is unknown`);

  const reasons = expectArray(body.reasons, 'reasons').map((item) => {
    const reason = expectObject(item, 'reason');
    return { code: expectString(reason, 'code'), message: expectString(reason, 'message') };
  });
  const checks = expectArray(body.checks, 'checks').map((item) => {
    const check = expectObject(item, 'check');
    const code = optionalString(check, 'code');
    const detail = optionalString(check, 'detail');
    return {
      name: expectString(check, 'name'),
      status: expectString(check, 'status'),
      ...(code ? { code } : {}),
      ...(detail ? { detail } : {}),
    };
  });

  let credential: Record<string, string> | null = null;
  if (body.credential !== null && body.credential !== undefined) {
    credential = {};
    for (const [key, member] of Object.entries(expectObject(body.credential, 'credential'))) {
      if (typeof member === 'string') credential[key] = member;
    }
  }
  return {
    result: result as VerdictResult,
    reasons,
    checks,
    credential,
    checkedAt: expectString(body, 'checkedAt'),
    raw: body,
  };
}

/**
 * The verifier API.
 *
 * @example
 * const verifier = new VerifierClient({ server: 'http://127.0.0.1:8787' });
 * const verdict = await verifier.verify({ url });
 * if (verdict.result !== 'valid') console.log(verdict.reasons.map((r) => r.code));
 */
export class VerifierClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: {
      server: string;
      lang?: 'ja' | 'en';
      timeoutMs?: number;
      fetch?: typeof fetch;
    },
  ) {
    let root: URL;
    try {
      root = new URL(options.server);
    } catch {
      throw new TypeError(`server must be an absolute URL, got ${JSON.stringify(options.server)}`);
    }
    this.base = `${root.origin}${root.pathname.replace(/\/+$/, '')}`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Verifies a QR URL or a bare `c` value. */
  async verify(input: { url: string } | { c: string }): Promise<VerdictSummary> {
    const body = JSON.stringify(input);
    return summary(await this.post('/v1/verify', body, { 'content-type': 'application/json' }));
  }

  /** Verifies the QR code found in an image or PDF. */
  async verifyFile(bytes: Uint8Array, kind: FileKind, filename: string): Promise<VerdictSummary> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: kind }), filename);
    // Decoding a PDF page on the server takes far longer than a JSON verification.
    return summary(await this.post('/v1/verify/file', form, {}, 4));
  }

  private async post(
    path: string,
    body: BodyInit,
    headers: Record<string, string>,
    timeoutFactor = 1,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          ...(this.options.lang ? { 'accept-language': this.options.lang } : {}),
          ...headers,
        },
        body,
        signal: AbortSignal.timeout((this.options.timeoutMs ?? 30_000) * timeoutFactor),
      });
    } catch (error) {
      throw new VerifierUnreachableError(this.options.server, error);
    }

    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new VerifierError(response.status, problemFrom(parsed, response));
    if (parsed === undefined) throw new ProtocolError(`POST ${path}: the answer is not JSON`);
    return parsed;
  }
}
