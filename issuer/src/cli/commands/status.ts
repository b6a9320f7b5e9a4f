import { RegistryClient, type RegistrationStatus } from '../../client';
import { parse, SERVER_OPTIONS, str } from '../args';
import { adminToken, EXIT, serverUrl, UsageError } from '../context';
import type { Command } from './types';

const STATUSES: readonly RegistrationStatus[] = ['active', 'suspended', 'revoked', 'deleted'];

/** `dqcv status`: change the status of the registration a certificate belongs to. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'set a qualification active, suspended, revoked or deleted',
  help: `Usage: dqcv status CERTIFICATE_ID active|suspended|revoked|deleted [--reason TEXT]

Changes the status of the registration the certificate belongs to; every certificate of it
then verifies with that status. The change, its reason and the token used are kept in the
registration's history.

  active      in force again (lifts a suspension)
  suspended   一時停止 (can be lifted)
  revoked     取消
  deleted     削除 (e.g. death, voluntary deregistration)

  --reason TEXT   why (kept in the history)
  --server URL    server (default DQCV_SERVER or http://127.0.0.1:8787)
  --json          print {"registrationId","status"}
`,
  async run(argv, ctx) {
    const args = parse(argv, { ...SERVER_OPTIONS, reason: { type: 'string' } }, [
      'certificateId',
      'status',
    ]);
    const [certificateId, status] = args.positionals as [string, string];
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(
        `status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      );
    }
    const server = serverUrl(str(args, 'server'), ctx);

    const registry = new RegistryClient({ server, adminToken: await adminToken(ctx) });
    const answer = await registry.setStatus(
      certificateId,
      status as RegistrationStatus,
      str(args, 'reason'),
    );
    ctx.stdout(
      args.values.json
        ? `${JSON.stringify(answer)}\n`
        : `registration ${answer.registrationId} is now ${answer.status}\n`,
    );
    return EXIT.ok;
  },
};
