import {
  RegistryClient,
  type IssueRequest,
  type IssuedCertificate,
  type SignAlg,
} from '../../client';
import { isoDate, oneOf, parse, required, SERVER_OPTIONS, str } from '../args';
import { adminToken, EXIT, serverUrl, type Context } from '../context';
import { qrFormat, readPhoto, requirePdfPath, writePdf, writeQr } from './outputs';
import type { Command } from './types';

const ALGS: readonly SignAlg[] = ['PS256', 'ES256'];

const OPTIONS = {
  ...SERVER_OPTIONS,
  name: { type: 'string' },
  birth: { type: 'string' },
  qualification: { type: 'string' },
  'registration-number': { type: 'string' },
  'registration-date': { type: 'string' },
  'issuing-body': { type: 'string' },
  'issuer-name': { type: 'string' },
  'qualification-id': { type: 'string' },
  'kind-code': { type: 'string' },
  'holder-code': { type: 'string' },
  alg: { type: 'string' },
  'verify-base-url': { type: 'string' },
  'strict-real-format': { type: 'boolean' },
  qr: { type: 'string' },
  pdf: { type: 'string' },
  photo: { type: 'string' },
} as const;

/** Prints an issued certificate: JSON with `--json`, else labelled lines. */
export function printIssued(issued: IssuedCertificate, json: boolean, ctx: Context): void {
  if (json) {
    const { registrationId, certificateId, url, kid, alg } = issued;
    ctx.stdout(`${JSON.stringify({ url, certificateId, registrationId, kid, alg })}\n`);
    return;
  }
  ctx.stdout(
    `certificateId  ${issued.certificateId}\nregistrationId ${issued.registrationId}\n` +
      `signer         ${issued.kid} (${issued.alg})\nurl            ${issued.url}\n`,
  );
}

/** `dqcv issue`: register a qualification and issue its first certificate. */
export const issueCommand: Command = {
  name: 'issue',
  summary: 'register a qualification and issue its signed certificate',
  help: `Usage: dqcv issue --name NAME --birth YYYY-MM-DD --qualification NAME [options]

Registers a holder's qualification in the registry and issues a signed certificate
(COSE_Sign1 in the real wire format). Prints the certificate id and the QR URL.

  --name NAME                 氏名, the holder's name
  --birth YYYY-MM-DD          生年月日
  --qualification NAME        資格名称, e.g. 小型船舶操縦士
  --registration-number N     登録番号 (digits)
  --registration-date DATE    登録年月日, YYYY-MM-DD
  --issuing-body NAME         交付機関
  --issuer-name NAME          交付者名
  --qualification-id ID       資格ID      --kind-code CODE   種別コード
  --holder-code CODE          利用者コード
  --alg PS256|ES256           signature algorithm (default PS256, as the real system)
  --verify-base-url URL       base of the QR URL (default: the server's own)
  --strict-real-format        leave out the status-list reference (ST)
  --qr FILE.png|FILE.svg      also write the QR image
  --pdf FILE.pdf              also write the PDF certificate   --photo FILE  its photo (PNG/JPEG)
  --server URL                server (default DQCV_SERVER or http://127.0.0.1:8787)
  --json                      print {"url","certificateId","registrationId","kid","alg"}
`,
  async run(argv, ctx) {
    const args = parse(argv, OPTIONS, []);
    const server = serverUrl(str(args, 'server'), ctx);
    const request: IssueRequest = {
      holderName: required(args, 'name'),
      birthDate: isoDate(required(args, 'birth'), 'birth'),
      qualificationName: required(args, 'qualification'),
    };
    const registrationDate = str(args, 'registration-date');
    if (registrationDate) request.registrationDate = isoDate(registrationDate, 'registration-date');
    const optional = {
      registrationNumber: 'registration-number',
      issuingBody: 'issuing-body',
      issuerName: 'issuer-name',
      qualificationId: 'qualification-id',
      kindCode: 'kind-code',
      holderCode: 'holder-code',
      verifyBaseUrl: 'verify-base-url',
    } as const;
    for (const [field, option] of Object.entries(optional)) {
      const value = str(args, option);
      if (value !== undefined) request[field as keyof typeof optional] = value;
    }
    const alg = oneOf(args, 'alg', ALGS);
    if (alg) request.alg = alg;
    if (args.values['strict-real-format']) request.strictRealFormat = true;

    const qr = str(args, 'qr');
    if (qr) qrFormat(qr, '--qr');
    const pdf = str(args, 'pdf');
    if (pdf) requirePdfPath(pdf, '--pdf');
    const photoPath = str(args, 'photo');
    const photo = photoPath ? await readPhoto(photoPath, ctx) : undefined;

    const registry = new RegistryClient({ server, adminToken: await adminToken(ctx) });
    const issued = await registry.issue(request);
    if (qr) await writeQr(issued.url, qr, ctx, '--qr');
    if (pdf) await writePdf(registry, issued.certificateId, pdf, ctx, photo);
    printIssued(issued, args.values.json === true, ctx);
    return EXIT.ok;
  },
};
