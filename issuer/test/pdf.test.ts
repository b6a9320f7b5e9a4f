import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateTitle,
  formatDate,
  renderCertificatePdf,
  type CertificateDocument,
} from '../src/render/pdf';
import { pdfFirstPageToPng, pdfText, readQrTexts } from './support/read-qr';

const run = promisify(execFile);

// An invented person and a URL as long as a real PS256 credential's.
const CERT: CertificateDocument = {
  qualificationName: '小型船舶操縦士',
  holderName: '山田 花子',
  birthDate: '1990-04-01',
  registrationNumber: '000123456',
  issueDate: '2026/01/15',
  issuingBody: '架空県知事',
  url: `http://127.0.0.1:8787/w/?c=${'0oRDoQE4JKEEWEQtMDAwMDAx'.repeat(28)}`,
  certificateId: 'C-0000000001',
};

function portraitPng(): Uint8Array {
  const canvas = createCanvas(300, 400);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#c8d6e5';
  ctx.fillRect(0, 0, 300, 400);
  ctx.fillStyle = '#576574';
  ctx.beginPath();
  ctx.arc(150, 150, 80, 0, Math.PI * 2);
  ctx.fill();
  return new Uint8Array(canvas.toBuffer('image/png'));
}

describe('certificate PDF', () => {
  let pdf: Uint8Array;
  let dir: string;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(CERT, { now: new Date('2026-01-15T09:00:00Z') });
    dir = await mkdtemp(join(tmpdir(), 'dqcv-pdf-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is one A4 portrait page', async () => {
    const file = join(dir, 'a4.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfinfo', [file]);

    expect(stdout).toMatch(/Pages:\s+1\n/);
    expect(stdout).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('carries a QR code that, printed at 150 dpi, reads back to the exact URL', async () => {
    const png = await pdfFirstPageToPng(pdf, 150);

    expect(await readQrTexts(png)).toEqual([CERT.url]);
  });

  it('shows items ① to ⑦ of the layout as real, extractable text', async () => {
    const text = await pdfText(pdf);

    expect(text).toContain('デジタル資格者証');
    expect(text).toContain('小型船舶操縦士資格証');
    expect(text).toContain('山田 花子');
    expect(text).toContain('1990/04/01');
    expect(text).toContain('第000123456号');
    expect(text).toContain('2026/01/15');
    expect(text).toContain('架空県知事');
    expect(text).toContain('C-0000000001');
  });

  it('embeds Noto Sans JP as a subset, keeping the file small', async () => {
    const file = join(dir, 'fonts.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdffonts', [file]);

    expect(stdout).toContain('NotoSansJP-Regular');
    expect(stdout).toContain('NotoSansJP-Bold');
    expect(stdout).toMatch(/CID TrueType\s+Identity-H\s+yes/);
    expect(pdf.byteLength).toBeLessThan(200_000);
  });

  it('draws the Japanese glyphs (not blank boxes): the title row has ink', async () => {
    const png = await pdfFirstPageToPng(pdf, 50);
    const { loadImage } = await import('@napi-rs/canvas');
    const image = await loadImage(Buffer.from(png));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    // The 28 pt title sits 90–120 pt below the top of the page: rows 64–78 at 50 dpi.
    const row = ctx.getImageData(0, Math.round(image.height * 0.11), image.width, 14).data;
    let dark = 0;
    for (let i = 0; i < row.length; i += 4) if ((row[i] ?? 255) < 100) dark++;

    // Drawn, the ten characters leave about 1,100 dark pixels there; with the short-loca
    // subset defect (see fontkit-even-glyphs.ts) eight of them are blank and about 220 remain.
    expect(dark).toBeGreaterThan(600);
  });

  it('places an optional photo (⑧) and still reads back', async () => {
    const withPhoto = await renderCertificatePdf({ ...CERT, photo: portraitPng() });
    const png = await pdfFirstPageToPng(withPhoto, 150);

    expect(withPhoto.byteLength).toBeGreaterThan(pdf.byteLength);
    expect(await readQrTexts(png)).toEqual([CERT.url]);
  });

  it('shrinks a long issuing body to fit its row instead of overflowing', async () => {
    const long = await renderCertificatePdf({ ...CERT, issuingBody: '架空県'.repeat(20) });

    expect(await pdfText(long)).toContain('架空県架空県');
  });

  it('throws on a photo that is neither PNG nor JPEG (a caller error)', async () => {
    await expect(
      renderCertificatePdf({ ...CERT, photo: new Uint8Array([1, 2, 3]) }),
    ).rejects.toThrow(TypeError);
  });

  it('throws on a missing holder name (a caller error)', async () => {
    await expect(renderCertificatePdf({ ...CERT, holderName: ' ' })).rejects.toThrow(/holderName/);
  });
});

describe('certificate text helpers', () => {
  it('formats yyyy-mm-dd and yyyy/mm/dd alike as yyyy/mm/dd', () => {
    expect(formatDate('1990-04-01')).toBe('1990/04/01');
    expect(formatDate('1990/04/01')).toBe('1990/04/01');
  });

  it('throws on a date in another shape', () => {
    expect(() => formatDate('1990-4-1')).toThrow(TypeError);
  });

  it('makes the title 〇〇資格証 from the qualification name', () => {
    expect(certificateTitle('小型船舶操縦士')).toBe('小型船舶操縦士資格証');
  });

  it('keeps a qualification name that already ends in 証', () => {
    expect(certificateTitle('看護師免許証')).toBe('看護師免許証');
  });
});
