/** Runs `dqcv` in-process with captured output, as a shell would see it. */
import { runCli } from '../../src/cli/run';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one invocation with `env` as the whole environment and `cwd` as working directory. */
export async function dqcv(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    cwd,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}
