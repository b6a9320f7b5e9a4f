import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { sniffFileKind, VerifierClient, type VerdictSummary } from '../../verify-client';
import { oneOf, parse, SERVER_OPTIONS, str } from '../args';
import { CliError, EXIT, serverUrl, UsageError, type Context } from '../context';
import { readInput } from '../files';
import type { Command } from './types';

const EXIT_BY_RESULT = { valid: EXIT.ok, invalid: EXIT.invalid, indeterminate: EXIT.indeterminate };

/** The characters of a base64 or base64url `c` value (a query parser may turn + into space). */
const C_VALUE = /^[A-Za-z0-9+/=_\- ]+$/;

async function isFile(path: string, ctx: Context): Promise<boolean> {
  try {
    return (await stat(resolve(ctx.cwd, path))).isFile();
  } catch {
    return false;
  }
}

function print(verdict: VerdictSummary, ctx: Context): void {
  const label = { valid: '有効です', invalid: '無効です', indeterminate: '確認できません' }[
    verdict.result
  ];
  ctx.stdout(`${verdict.result}  ${label}\n`);
  for (const reason of verdict.reasons) ctx.stdout(`  ${reason.code}: ${reason.message}\n`);
  ctx.stdout(`checks   ${verdict.checks.map((c) => `${c.name} ${c.status}`).join(', ')}\n`);
  const record = verdict.credential;
  if (record) {
    const rows: [string, string | undefined][] = [
      ['資格名称', record.qualificationName],
      ['氏名', record.holderName],
      ['生年月日', record.birthDate],
      ['登録番号', record.registrationNumber],
      ['発行年月日', record.issueDate],
      ['交付機関', record.issuingBody ?? record.issuerName],
      ['証明書ID', record.certificateId],
    ];
    for (const [name, value] of rows) if (value) ctx.stdout(`${name}\t${value}\n`);
  }
  ctx.stdout(`checked  ${verdict.checkedAt}\n`);
}

/** `dqcv verify`: ask the verifier API about a URL, a `c` value, or a PNG/JPEG/PDF file. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify a certificate URL, c value, or a PNG/JPEG/PDF file through the verifier API',
  help: `Usage: dqcv verify URL|C_VALUE|FILE [--json] [--lang ja|en]

Sends the input to the verifier (POST /v1/verify, or /v1/verify/file for a PNG, JPEG or PDF)
and prints the verdict. Exit status: 0 valid, 1 invalid, 2 indeterminate, 64 misuse,
66 unreadable file, 69 server unreachable.

  --lang ja|en   language of the reasons' messages
  --server URL   server (default DQCV_SERVER or http://127.0.0.1:8787)
  --json         print the verdict as the API returned it
`,
  async run(argv, ctx) {
    const args = parse(argv, { ...SERVER_OPTIONS, lang: { type: 'string' } }, ['input']);
    const [input] = args.positionals as [string];
    const server = serverUrl(str(args, 'server'), ctx);
    const lang = oneOf(args, 'lang', ['ja', 'en'] as const);
    const verifier = new VerifierClient({ server, ...(lang ? { lang } : {}) });

    let verdict: VerdictSummary;
    if (await isFile(input, ctx)) {
      const bytes = await readInput(input, ctx);
      const kind = sniffFileKind(bytes);
      if (!kind) throw new UsageError(`${input} is not a PNG, JPEG or PDF file`);
      verdict = await verifier.verifyFile(bytes, kind, basename(input));
    } else if (/^https?:\/\//i.test(input)) {
      verdict = await verifier.verify({ url: input });
    } else if (/\.(png|jpe?g|pdf)$/i.test(input)) {
      throw new CliError(`cannot read ${input}: no such file`, EXIT.noInput);
    } else if (C_VALUE.test(input)) {
      verdict = await verifier.verify({ c: input });
    } else {
      throw new UsageError('the input is neither a URL, a c value nor a readable file');
    }

    if (args.values.json) ctx.stdout(`${JSON.stringify(verdict.raw)}\n`);
    else print(verdict, ctx);
    return EXIT_BY_RESULT[verdict.result];
  },
};
