import { RegistryClient } from '../../client';
import { parse, SERVER_OPTIONS, str } from '../args';
import { adminToken, EXIT, serverUrl } from '../context';
import type { Command } from './types';

/** `dqcv history`: the status history of a certificate's registration. */
export const historyCommand: Command = {
  name: 'history',
  summary: "show the status history of a certificate's registration",
  help: `Usage: dqcv history CERTIFICATE_ID [--json]

Prints every status change of the registration the certificate belongs to, oldest first.

  --server URL   server (default DQCV_SERVER or http://127.0.0.1:8787)
  --json         print the entries as a JSON array
`,
  async run(argv, ctx) {
    const args = parse(argv, SERVER_OPTIONS, ['certificateId']);
    const [certificateId] = args.positionals as [string];
    const server = serverUrl(str(args, 'server'), ctx);

    const registry = new RegistryClient({ server, adminToken: await adminToken(ctx) });
    const { registrationId } = await registry.certificate(certificateId);
    const entries = await registry.history(registrationId);
    if (args.values.json) {
      ctx.stdout(`${JSON.stringify(entries)}\n`);
      return EXIT.ok;
    }
    for (const e of entries) {
      const reason = e.reason ? `  (${e.reason})` : '';
      ctx.stdout(`${e.at}  ${e.from ?? '-'} → ${e.to}  by ${e.actor ?? '-'}${reason}\n`);
    }
    return EXIT.ok;
  },
};
