/**
 * The printable PDF of a デジタル資格者証 (A4 portrait), laid out as the public description of
 * the national system lists its items: ① 〇〇資格証 (the qualification), ② 氏名, ③ 生年月日,
 * ④ 登録番号 第…号, ⑤ 発行年月日, ⑥ the QR code for verification, ⑦ 交付機関, and ⑧ an
 * optional photo. Japanese is set in Noto Sans JP, embedded as a subset so the file stays small.
 */
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { evenGlyphFontkit } from './fontkit-even-glyphs';
import { loadFonts } from './fonts';
import { qrMatrix, QUIET_ZONE } from './qr';

/** What the certificate shows. Dates are `yyyy-mm-dd` or `yyyy/mm/dd`. */
export interface CertificateDocument {
  /** ① 資格名称, e.g. 小型船舶操縦士 (rendered as 小型船舶操縦士資格証). */
  qualificationName: string;
  /** ② 氏名 */
  holderName: string;
  /** ③ 生年月日 */
  birthDate: string;
  /** ④ 登録番号 (digits as registered; rendered 第…号). */
  registrationNumber?: string;
  /** ⑤ 発行年月日 */
  issueDate: string;
  /** ⑦ 交付機関 (or 交付者名: one only, as the layout asks). */
  issuingBody?: string;
  /** ⑥ the verification URL the QR code carries. */
  url: string;
  /** 証明書ID, printed small under the QR to help support staff find the record. */
  certificateId?: string;
  /** ⑧ a PNG or JPEG portrait. */
  photo?: Uint8Array;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.62, 0.62, 0.66);
const ACCENT = rgb(0.09, 0.27, 0.5);

const QR_HINT = '二次元コードを読み取ると、この資格者証の有効性を確認できます。';
const FOOTER =
  'この資格者証の記載事項は電子署名で保護されており、改ざんがあれば検証で検出されます。';

const DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

/** `yyyy-mm-dd` or `yyyy/mm/dd` → `yyyy/mm/dd`; throws on anything else (a caller error). */
export function formatDate(value: string): string {
  const m = DATE.exec(value);
  if (!m) throw new TypeError(`not a date (yyyy-mm-dd): ${JSON.stringify(value)}`);
  return `${m[1]}/${m[2]}/${m[3]}`;
}

/** ① the title: the qualification name followed by 資格証, unless it already ends in 証. */
export function certificateTitle(qualificationName: string): string {
  return qualificationName.endsWith('証') ? qualificationName : `${qualificationName}資格証`;
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return value.trim();
}

/** The largest size from `preferred` down to `min` at which `text` fits in `width`. */
function fit(font: PDFFont, text: string, width: number, preferred: number, min: number): number {
  let size = preferred;
  while (size > min && font.widthOfTextAtSize(text, size) > width) size -= 0.5;
  return size;
}

async function embedPhoto(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return doc.embedPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return doc.embedJpg(bytes);
  throw new TypeError('photo must be a PNG or JPEG image');
}

/** Draws one line of text centred on the page. */
function centred(
  page: PDFPage,
  font: PDFFont,
  text: string,
  y: number,
  size: number,
  color: RGB,
): void {
  const x = (page.getWidth() - font.widthOfTextAtSize(text, size)) / 2;
  page.drawText(text, { x, y, size, font, color });
}

/** Draws the QR symbol as vector squares, so it stays sharp at any print resolution. */
function drawQr(page: PDFPage, url: string, x: number, y: number, side: number): void {
  const m = qrMatrix(url);
  const module = side / (m.size + 2 * QUIET_ZONE);
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
  for (let row = 0; row < m.size; row++) {
    // Merge horizontal runs of dark modules: fewer path objects, no hairline seams when printed.
    let col = 0;
    while (col < m.size) {
      if (!m.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.isDark(row, col)) col++;
      page.drawRectangle({
        x: x + (QUIET_ZONE + start) * module,
        y: y + side - (QUIET_ZONE + row + 1) * module,
        width: (col - start) * module,
        height: module,
        color: rgb(0, 0, 0),
      });
    }
  }
}

/**
 * Renders the certificate as a one-page A4 PDF.
 *
 * @example
 * const pdf = await renderCertificatePdf({
 *   qualificationName: '小型船舶操縦士', holderName: '山田 花子', birthDate: '1990-04-01',
 *   registrationNumber: '000123456', issueDate: '2026-01-15', issuingBody: '架空県',
 *   url: 'http://127.0.0.1:8787/w/?c=0oRD...',
 * });
 * await writeFile('certificate.pdf', pdf);
 */
export async function renderCertificatePdf(
  cert: CertificateDocument,
  options: { now?: Date } = {},
): Promise<Uint8Array> {
  const title = certificateTitle(requireText('qualificationName', cert.qualificationName));
  const holder = requireText('holderName', cert.holderName);
  const birth = formatDate(requireText('birthDate', cert.birthDate));
  const issued = formatDate(requireText('issueDate', cert.issueDate));
  const url = requireText('url', cert.url);
  const number = cert.registrationNumber
    ? `第${requireText('registrationNumber', cert.registrationNumber)}号`
    : '—';
  const body = cert.issuingBody ? requireText('issuingBody', cert.issuingBody) : '—';

  const doc = await PDFDocument.create();
  doc.registerFontkit(evenGlyphFontkit);
  const bytes = await loadFonts();
  const regular = await doc.embedFont(bytes.regular, { subset: true });
  const bold = await doc.embedFont(bytes.bold, { subset: true });
  const now = options.now ?? new Date();
  doc.setTitle(`${title}（デジタル資格者証）`);
  doc.setProducer('dqcv issuer');
  doc.setCreator('dqcv');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const page = doc.addPage(A4);
  const [width, height] = A4;
  const inner = width - 2 * MARGIN;

  // Frame: a double rule, the customary border of a certificate.
  page.drawRectangle({
    x: MARGIN - 10,
    y: MARGIN - 10,
    width: inner + 20,
    height: height - 2 * MARGIN + 20,
    borderColor: ACCENT,
    borderWidth: 1.6,
  });
  page.drawRectangle({
    x: MARGIN - 5,
    y: MARGIN - 5,
    width: inner + 10,
    height: height - 2 * MARGIN + 10,
    borderColor: ACCENT,
    borderWidth: 0.5,
  });

  // ① Title, with the document's kind above it.
  let y = height - MARGIN - 36;
  const kind = 'デジタル資格者証';
  page.drawText(kind, {
    x: (width - regular.widthOfTextAtSize(kind, 11)) / 2,
    y,
    size: 11,
    font: regular,
    color: MUTED,
  });
  y -= 40;
  const titleSize = fit(bold, title, inner - 40, 28, 14);
  page.drawText(title, {
    x: (width - bold.widthOfTextAtSize(title, titleSize)) / 2,
    y,
    size: titleSize,
    font: bold,
    color: INK,
  });
  y -= 26;
  page.drawLine({
    start: { x: MARGIN + 20, y },
    end: { x: width - MARGIN - 20, y },
    thickness: 0.8,
    color: ACCENT,
  });

  // ⑧ Photo at the top right of the details, 30 × 40 mm as on a licence card.
  const photoW = 85;
  const photoH = 113;
  const left = MARGIN + 30;
  const valueWidth = cert.photo ? inner - 60 - photoW - 30 - 90 : inner - 60 - 90;
  if (cert.photo) {
    const image = await embedPhoto(doc, cert.photo);
    const scale = Math.min(photoW / image.width, photoH / image.height);
    const px = width - MARGIN - 30 - photoW;
    const py = y - 28 - photoH;
    page.drawImage(image, {
      x: px + (photoW - image.width * scale) / 2,
      y: py + (photoH - image.height * scale) / 2,
      width: image.width * scale,
      height: image.height * scale,
    });
    page.drawRectangle({
      x: px,
      y: py,
      width: photoW,
      height: photoH,
      borderColor: RULE,
      borderWidth: 0.5,
    });
  }

  // ② – ⑤, ⑦ The details, one labelled row each.
  const rows: [string, string][] = [
    ['氏名', holder],
    ['生年月日', birth],
    ['登録番号', number],
    ['発行年月日', issued],
    ['交付機関', body],
  ];
  y -= 40;
  for (const [label, value] of rows) {
    page.drawText(label, { x: left, y: y + 2, size: 10.5, font: regular, color: MUTED });
    const size = fit(regular, value, valueWidth, label === '氏名' ? 20 : 15, 8);
    page.drawText(value, {
      x: left + 90,
      y,
      size,
      font: label === '氏名' ? bold : regular,
      color: INK,
    });
    page.drawLine({
      start: { x: left, y: y - 12 },
      end: { x: left + 90 + valueWidth, y: y - 12 },
      thickness: 0.4,
      color: RULE,
    });
    y -= 46;
  }

  // ⑥ The QR code, centred, 70 mm wide: at version ~20 a module is about 0.6 mm on paper.
  const qrSide = 200;
  const qrY = y - 16 - qrSide;
  drawQr(page, url, (width - qrSide) / 2, qrY, qrSide);
  centred(page, regular, QR_HINT, qrY - 18, 9.5, MUTED);
  if (cert.certificateId) {
    centred(
      page,
      regular,
      `証明書ID ${requireText('certificateId', cert.certificateId)}`,
      qrY - 34,
      8,
      MUTED,
    );
  }

  // Footer: what the signature protects, for a reader holding the paper.
  page.drawLine({
    start: { x: left, y: MARGIN + 40 },
    end: { x: width - left, y: MARGIN + 40 },
    thickness: 0.4,
    color: RULE,
  });
  centred(page, regular, FOOTER, MARGIN + 22, 8.5, MUTED);

  return doc.save({ useObjectStreams: true });
}
