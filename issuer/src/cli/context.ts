/**
 * What every `dqcv` command shares: its input and output streams, the environment, the exit
 * codes (BSD sysexits.h where one fits), the misuse error, and where the server and the admin
 * token come from.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Exit codes of `dqcv` (sysexits.h names in parentheses). */
export const EXIT = {
  ok: 0,
  /** verify: the credential is invalid; other commands: the server refused the request. */
  invalid: 1,
  /** verify: nothing failed, but something could not be checked. */
  indeterminate: 2,
  /** Wrong arguments (EX_USAGE). */
  usage: 64,
  /** An input file cannot be read (EX_NOINPUT). */
  noInput: 66,
  /** The server cannot be reached or failed (EX_UNAVAILABLE). */
  unavailable: 69,
  /** An output file cannot be written (EX_CANTCREAT). */
  cantCreate: 73,
  /** The server answered in an unexpected shape (EX_PROTOCOL). */
  protocol: 76,
  /** The admin token was refused (EX_NOPERM). */
  noPermission: 77,
  /** No admin token is configured (EX_CONFIG). */
  config: 78,
} as const;

/** The world a command runs in; tests pass their own. */
export interface Context {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The caller used the command wrongly: printed with a hint, exit 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure with its own exit code and a message for stderr. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** The repository root: issuer/src/cli/ is three levels below it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `--server`, else DQCV_SERVER, else the local default; must be an http(s) URL. */
export function serverUrl(flag: string | undefined, ctx: Context): string {
  const value = flag ?? ctx.env.DQCV_SERVER ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--server must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('--server must be an http or https URL');
  }
  return value;
}

/** The data directory: DQCV_DATA_DIR (relative to the working directory) or `.data/` of the repo. */
export function dataDir(ctx: Context): string {
  const configured = ctx.env.DQCV_DATA_DIR;
  return configured ? resolve(ctx.cwd, configured) : resolve(REPO_ROOT, '.data');
}

/** The admin token: DQCV_ADMIN_TOKEN, else the `admin-token` file of the data directory. */
export async function adminToken(ctx: Context): Promise<string> {
  const fromEnv = ctx.env.DQCV_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;

  const file = resolve(dataDir(ctx), 'admin-token');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(
      `no admin token: set DQCV_ADMIN_TOKEN, or start the server once so that it writes ${file}`,
      EXIT.config,
    );
  }
  const token = text.trim();
  if (!token) throw new CliError(`the admin token file ${file} is empty`, EXIT.config);
  return token;
}
