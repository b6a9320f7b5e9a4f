/**
 * Test media: QR PNGs drawn with `qrcode`, and y4m camera videos made from a PNG with ffmpeg
 * (optionally inverted or mirrored), as Chromium's fake camera reads them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import QRCode from 'qrcode';

const run = promisify(execFile);

/** Writes a QR code of `text` as a PNG (EC level M, 4-module quiet zone, as the issuer does). */
export async function writeQrPng(text: string, file: string): Promise<void> {
  await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
}

export type Transform = 'none' | 'invert' | 'mirror' | 'noisy';

/**
 * A 640×480, 10 fps, 3 s y4m video of `png` centred on white (then the whole frame negated or
 * flipped), as a phone held over a printed or on-screen code would see it.
 */
export async function pngToY4m(png: string, y4m: string, transform: Transform = 'none') {
  const filters = [
    'scale=400:400:force_original_aspect_ratio=decrease',
    'pad=640:480:(ow-iw)/2:(oh-ih)/2:white',
    ...(transform === 'invert' ? ['negate'] : []),
    ...(transform === 'mirror' ? ['hflip'] : []),
    // Heavy sensor noise, changing every frame: jsQR misses these frames, zxing reads them.
    ...(transform === 'noisy' ? ['noise=alls=100:allf=t'] : []),
    'format=yuv420p',
  ];
  await run('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-loop',
    '1',
    '-i',
    png,
    '-t',
    '3',
    '-r',
    '10',
    '-vf',
    filters.join(','),
    '-f',
    'yuv4mpegpipe',
    y4m,
  ]);
}
