/**
 * Argument parsing on node:util parseArgs, strict: an unknown option, a missing value or a
 * stray positional is a UsageError (exit 64), never ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed values of one command: strings and booleans by option name, then positionals. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` against `options`, expecting exactly `positionals` positional arguments.
 *
 * @example
 * const { values, positionals } = parse(argv, { out: { type: 'string' } }, ['url']);
 */
export function parse(argv: string[], options: Options, positionals: string[]): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length < positionals.length) {
    const missing = positionals.slice(parsed.positionals.length).map((p) => `<${p}>`);
    throw new UsageError(`missing ${missing.join(' ')}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[positionals.length])}`,
    );
  }
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals };
}

/** The string option `name`, or undefined. */
export function str(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The string option `name`; a UsageError when absent or empty. */
export function required(parsed: Parsed, name: string): string {
  const value = str(parsed, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** One of `allowed`, or undefined when the option is absent. */
export function oneOf<T extends string>(
  parsed: Parsed,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = str(parsed, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A calendar date `yyyy-mm-dd` (a real day: 2026-02-30 is refused). */
export function isoDate(value: string, name: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--${name} must be a date yyyy-mm-dd, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The common options of the commands that talk to a server. */
export const SERVER_OPTIONS = {
  server: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;
