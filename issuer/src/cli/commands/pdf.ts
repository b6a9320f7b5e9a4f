import { RegistryClient } from '../../client';
import { parse, required, SERVER_OPTIONS, str } from '../args';
import { adminToken, EXIT, serverUrl } from '../context';
import { readPhoto, requirePdfPath, writePdf } from './outputs';
import type { Command } from './types';

/** `dqcv pdf`: the printable certificate of an issued credential. */
export const pdfCommand: Command = {
  name: 'pdf',
  summary: 'write the PDF certificate (デジタル資格者証) of an issued credential',
  help: `Usage: dqcv pdf CERTIFICATE_ID --out FILE.pdf [--photo FILE]

Fetches the certificate from the registry and writes the A4 デジタル資格者証 with its QR code.

  --out FILE.pdf   where to write it
  --photo FILE     a PNG or JPEG portrait (⑧)
  --server URL     server (default DQCV_SERVER or http://127.0.0.1:8787)
`,
  async run(argv, ctx) {
    const args = parse(
      argv,
      { ...SERVER_OPTIONS, out: { type: 'string' }, photo: { type: 'string' } },
      ['certificateId'],
    );
    const [certificateId] = args.positionals as [string];
    const out = required(args, 'out');
    requirePdfPath(out, '--out');
    const server = serverUrl(str(args, 'server'), ctx);
    const photoPath = str(args, 'photo');
    const photo = photoPath ? await readPhoto(photoPath, ctx) : undefined;

    const registry = new RegistryClient({ server, adminToken: await adminToken(ctx) });
    await writePdf(registry, certificateId, out, ctx, photo);
    if (args.values.json) ctx.stdout(`${JSON.stringify({ certificateId, out })}\n`);
    return EXIT.ok;
  },
};
