/**
 * The optional files an issuing command writes next to printing its answer: the QR image
 * (`--qr file.png|file.svg`) and the PDF certificate (`--pdf file.pdf`).
 */
import { certificateDocumentFrom } from '../../certificate-document';
import type { RegistryClient } from '../../client';
import { renderCertificatePdf } from '../../render/pdf';
import { qrPng, qrSvg } from '../../render/qr';
import { UsageError, type Context } from '../context';
import { readInput, writeOutput } from '../files';

/** Checks that `path` ends in .png or .svg and returns which. */
export function qrFormat(path: string, option: string): 'png' | 'svg' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.svg')) return 'svg';
  throw new UsageError(`${option} must name a .png or .svg file`);
}

/** Checks that `path` ends in .pdf. */
export function requirePdfPath(path: string, option: string): void {
  if (!path.toLowerCase().endsWith('.pdf')) throw new UsageError(`${option} must name a .pdf file`);
}

/** Writes the QR image of `url` to `path` (PNG or SVG by extension). */
export async function writeQr(
  url: string,
  path: string,
  ctx: Context,
  option = '--out',
): Promise<void> {
  const data = qrFormat(path, option) === 'png' ? await qrPng(url) : await qrSvg(url);
  await writeOutput(path, data, ctx);
}

/** Reads a PNG or JPEG portrait for the certificate, refusing any other file. */
export async function readPhoto(path: string, ctx: Context): Promise<Uint8Array> {
  const bytes = await readInput(path, ctx);
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) throw new UsageError(`--photo ${path} is neither a PNG nor a JPEG image`);
  return bytes;
}

/** Fetches certificate `certificateId` from the registry and writes its PDF to `path`. */
export async function writePdf(
  registry: RegistryClient,
  certificateId: string,
  path: string,
  ctx: Context,
  photo?: Uint8Array,
): Promise<void> {
  const details = await registry.certificate(certificateId);
  const pdf = await renderCertificatePdf(certificateDocumentFrom(details, photo));
  await writeOutput(path, pdf, ctx);
}
