/** Reading inputs and writing outputs of `dqcv`, with the exit codes of sysexits.h. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, EXIT, type Context } from './context';

/** Reads `path` (relative to the working directory); exit 66 when it cannot be read. */
export async function readInput(path: string, ctx: Context): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(ctx.cwd, path)));
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT.noInput,
    );
  }
}

/** Writes `data` to `path`; exit 73 when it cannot be written. */
export async function writeOutput(
  path: string,
  data: Uint8Array | string,
  ctx: Context,
): Promise<void> {
  try {
    await writeFile(resolve(ctx.cwd, path), data);
  } catch (error) {
    throw new CliError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT.cantCreate,
    );
  }
}
