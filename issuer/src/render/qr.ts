/**
 * QR rendering of a credential URL, as PNG, as SVG, or as a module matrix for vector drawing
 * (the PDF). Error correction M (ISO/IEC 18004 §6.5.1: about 15 % of codewords recoverable),
 * which keeps a PS256 credential URL at a version a phone camera reads from paper, and a quiet
 * zone of four modules, the minimum the standard asks for (§6.3.8).
 */
import QRCode from 'qrcode';

/** Modules of white border around the symbol (ISO/IEC 18004 §6.3.8). */
export const QUIET_ZONE = 4;

const ERROR_CORRECTION = 'M' as const;

/** Options for raster output. */
export interface QrPngOptions {
  /** Pixels per module; 8 by default, which prints sharply at 300 dpi. */
  scale?: number;
}

/** A QR symbol as a square of dark and light modules, without the quiet zone. */
export interface QrMatrix {
  /** Modules per side. */
  size: number;
  /** The QR version (1–40). */
  version: number;
  /** True when the module at row `row`, column `col` is dark. */
  isDark(row: number, col: number): boolean;
}

function requireText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) {
    throw new TypeError('QR text must be a non-empty string');
  }
  return text;
}

/**
 * Renders `text` as a PNG image.
 *
 * @example
 * const png = await qrPng('http://127.0.0.1:8787/w/?c=0oRD...');
 * await writeFile('credential.png', png);
 */
export async function qrPng(text: string, options: QrPngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new RangeError('scale must be an integer from 1 to 64');
  }
  const buffer = await QRCode.toBuffer(requireText(text), {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QUIET_ZONE,
    scale,
  });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Renders `text` as a standalone SVG document (black on white, scalable).
 *
 * @example
 * const svg = await qrSvg(url);
 * await writeFile('credential.svg', svg, 'utf8');
 */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(requireText(text), {
    type: 'svg',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QUIET_ZONE,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

/**
 * The module matrix of `text`, for drawing the symbol as vector shapes (as the PDF does).
 *
 * @example
 * const m = qrMatrix(url);
 * for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.isDark(r, c)) draw(r, c);
 */
export function qrMatrix(text: string): QrMatrix {
  const symbol = QRCode.create(requireText(text), { errorCorrectionLevel: ERROR_CORRECTION });
  const { size, data } = symbol.modules;
  return {
    size,
    version: symbol.version,
    isDark: (row, col) => data[row * size + col] === 1,
  };
}
