import { RegistryClient, type ReissueRequest, type SignAlg } from '../../client';
import { oneOf, parse, SERVER_OPTIONS, str } from '../args';
import { adminToken, EXIT, serverUrl } from '../context';
import { printIssued } from './issue';
import { qrFormat, readPhoto, requirePdfPath, writePdf, writeQr } from './outputs';
import type { Command } from './types';

const ALGS: readonly SignAlg[] = ['PS256', 'ES256'];

/** `dqcv reissue`: a new certificate for the same registration; the old one is superseded. */
export const reissueCommand: Command = {
  name: 'reissue',
  summary: 'issue a new certificate (e.g. after a name change); the old one is superseded',
  help: `Usage: dqcv reissue CERTIFICATE_ID [--name NAME] [options]

Issues a new certificate for the registration CERTIFICATE_ID belongs to. The previous
certificate then verifies as certificate_superseded.

  --name NAME                 the holder's new name (e.g. after marriage)
  --alg PS256|ES256           signature algorithm
  --verify-base-url URL       base of the QR URL
  --strict-real-format        leave out the status-list reference (ST)
  --qr FILE.png|FILE.svg      also write the QR image
  --pdf FILE.pdf              also write the PDF certificate   --photo FILE  its photo
  --server URL                server (default DQCV_SERVER or http://127.0.0.1:8787)
  --json                      print {"url","certificateId","registrationId","kid","alg"}
`,
  async run(argv, ctx) {
    const args = parse(
      argv,
      {
        ...SERVER_OPTIONS,
        name: { type: 'string' },
        alg: { type: 'string' },
        'verify-base-url': { type: 'string' },
        'strict-real-format': { type: 'boolean' },
        qr: { type: 'string' },
        pdf: { type: 'string' },
        photo: { type: 'string' },
      },
      ['certificateId'],
    );
    const [certificateId] = args.positionals as [string];
    const server = serverUrl(str(args, 'server'), ctx);
    const request: ReissueRequest = {};
    const name = str(args, 'name');
    if (name !== undefined) request.holderName = name;
    const alg = oneOf(args, 'alg', ALGS);
    if (alg) request.alg = alg;
    const base = str(args, 'verify-base-url');
    if (base !== undefined) request.verifyBaseUrl = base;
    if (args.values['strict-real-format']) request.strictRealFormat = true;
    const qr = str(args, 'qr');
    if (qr) qrFormat(qr, '--qr');
    const pdf = str(args, 'pdf');
    if (pdf) requirePdfPath(pdf, '--pdf');
    const photoPath = str(args, 'photo');
    const photo = photoPath ? await readPhoto(photoPath, ctx) : undefined;

    const registry = new RegistryClient({ server, adminToken: await adminToken(ctx) });
    const { registrationId } = await registry.certificate(certificateId);
    const issued = await registry.reissue(registrationId, request);
    if (qr) await writeQr(issued.url, qr, ctx, '--qr');
    if (pdf) await writePdf(registry, issued.certificateId, pdf, ctx, photo);
    printIssued(issued, args.values.json === true, ctx);
    return EXIT.ok;
  },
};
