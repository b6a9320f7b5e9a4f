import { parse, required } from '../args';
import { EXIT, UsageError } from '../context';
import { writeQr } from './outputs';
import type { Command } from './types';

/** `dqcv qr`: render any URL as a QR image (offline; no server). */
export const qrCommand: Command = {
  name: 'qr',
  summary: 'write the QR image of a URL (PNG or SVG)',
  help: `Usage: dqcv qr URL --out FILE.png|FILE.svg

Writes URL as a QR code (error correction M, a quiet zone of four modules). Needs no server.
`,
  async run(argv, ctx) {
    const args = parse(argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, [
      'url',
    ]);
    const [url] = args.positionals as [string];
    if (url.trim() === '') throw new UsageError('the URL is empty');
    await writeQr(url, required(args, 'out'), ctx);
    return EXIT.ok;
  },
};
