/**
 * Checks of JSON answers from our own services: every member the clients read is checked for
 * its type here, so nothing downstream walks an unchecked object. A wrong shape is a protocol
 * error (the server is not the one we expect), never silently `undefined`.
 */

/** An RFC 9457 problem document, as far as the clients read it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

/** The server answered, but not in the documented shape. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** `value` as a plain object, or a ProtocolError naming `what`. */
export function expectObject(value: unknown, what = 'answer'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `value` as an array, or a ProtocolError naming `what`. */
export function expectArray(value: unknown, what = 'answer'): unknown[] {
  if (!Array.isArray(value)) throw new ProtocolError(`${what} is not a JSON array`);
  return value;
}

/** The string member `key` of `body`; a ProtocolError when missing or of another type. */
export function expectString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string') throw new ProtocolError(`member "${key}" is not a string`);
  return value;
}

/** The string member `key`, or undefined when absent or null. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ProtocolError(`member "${key}" is not a string`);
  return value;
}

/** The problem document of a failed answer; a bare status line when the body is not one. */
export function problemFrom(parsed: unknown, response: Response): Problem {
  const problem: Problem = { status: response.status };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const body = parsed as Record<string, unknown>;
    if (typeof body.type === 'string') problem.type = body.type;
    if (typeof body.title === 'string') problem.title = body.title;
    if (typeof body.detail === 'string') problem.detail = body.detail;
  }
  problem.title ??= response.statusText || undefined;
  return problem;
}

/** A short reason for a failed fetch: undici hides the socket error (ECONNREFUSED…) in `cause`. */
export function fetchFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as { cause?: unknown }).cause;
    if (typeof cause === 'object' && cause !== null) {
      const { code, message } = cause as { code?: unknown; message?: unknown };
      if (typeof code === 'string') return code;
      if (typeof message === 'string' && message) return message;
    }
    return error.message;
  }
  return String(error);
}
