/**
 * Entry point of `npm run -s dqcv -- <command>` (tsx issuer/src/cli/main.ts).
 *
 * @example
 * npm run -s dqcv -- issue --name '山田 花子' --birth 1990-04-01 --qualification 小型船舶操縦士 --json
 */
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
