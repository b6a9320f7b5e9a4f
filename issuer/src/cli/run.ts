/**
 * The `dqcv` command line: dispatches to a command, prints its errors to stderr, and maps
 * every failure to an exit code (see `EXIT`). Nothing here exits the process, so tests run it
 * in-process with their own `Context`.
 */
import { RegistryError, RegistryUnreachableError } from '../client';
import { ProtocolError } from '../http-shape';
import { VerifierError, VerifierUnreachableError } from '../verify-client';
import { historyCommand } from './commands/history';
import { issueCommand } from './commands/issue';
import { pdfCommand } from './commands/pdf';
import { qrCommand } from './commands/qr';
import { reissueCommand } from './commands/reissue';
import { statusCommand } from './commands/status';
import type { Command } from './commands/types';
import { verifyCommand } from './commands/verify';
import { CliError, EXIT, UsageError, type Context } from './context';

const COMMANDS: readonly Command[] = [
  issueCommand,
  statusCommand,
  reissueCommand,
  historyCommand,
  qrCommand,
  pdfCommand,
  verifyCommand,
];

/** Exit code 70 (EX_SOFTWARE): a defect of dqcv itself. */
const EXIT_SOFTWARE = 70;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: dqcv <command> [options]   (dqcv <command> --help for its options)

Issues, manages and verifies digital qualification certificates (デジタル資格者証) through a
running dqcv server.

Commands:
${lines.join('\n')}

Environment:
  DQCV_SERVER        server address (default http://127.0.0.1:8787)
  DQCV_ADMIN_TOKEN   admin token; else read from DQCV_DATA_DIR/admin-token (default .data/)

Exit status: 0 success (verify: valid), 1 refused by the server (verify: invalid),
2 verify: indeterminate, 64 usage, 66 unreadable input, 69 server unreachable,
73 cannot write output, 76 unexpected answer, 77 token refused, 78 no token configured.
`;
}

function failure(error: unknown, command: string, ctx: Context): number {
  const prefix = command ? `dqcv ${command}` : 'dqcv';
  if (error instanceof UsageError) {
    ctx.stderr(
      `${prefix}: ${error.message}\nTry 'dqcv ${command || ''}${command ? ' ' : ''}--help'.\n`,
    );
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    ctx.stderr(`${prefix}: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof RegistryUnreachableError || error instanceof VerifierUnreachableError) {
    ctx.stderr(`${prefix}: ${error.message}\n`);
    return EXIT.unavailable;
  }
  if (error instanceof RegistryError || error instanceof VerifierError) {
    ctx.stderr(`${prefix}: ${error.message}\n`);
    if (error.status === 401 || error.status === 403) return EXIT.noPermission;
    if (error.status >= 500) return EXIT.unavailable;
    // A verifier refusing a request means the input itself was not acceptable.
    return error instanceof VerifierError ? EXIT.usage : EXIT.invalid;
  }
  if (error instanceof ProtocolError) {
    ctx.stderr(`${prefix}: unexpected answer from the server: ${error.message}\n`);
    return EXIT.protocol;
  }
  ctx.stderr(
    `${prefix}: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  return EXIT_SOFTWARE;
}

/**
 * Runs one `dqcv` invocation and resolves to its exit code.
 *
 * @example
 * const code = await runCli(['qr', url, '--out', 'c.png'], {
 *   env: process.env, cwd: process.cwd(),
 *   stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
 * });
 */
export async function runCli(argv: string[], ctx: Context): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    ctx.stdout(topic ? topic.help : overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(`dqcv: unknown command ${JSON.stringify(name)}\n\n${overview()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    return failure(error, command.name, ctx);
  }
}
