/**
 * Structured logs: one JSON object per line. Callers pass only fields that are safe to log;
 * request paths are logged without their query string (the `c` value travels there).
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/** A logger that writes JSON lines through `write` (console.log by default). */
export function jsonLogger(write: (line: string) => void = (l) => console.log(l)): Logger {
  return {
    log(level, event, fields = {}) {
      write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
    },
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { log() {} };

/** The path of a URL without query or fragment, safe to log. */
export function pathOnly(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
}
