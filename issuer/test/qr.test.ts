import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrMatrix, qrPng, qrSvg } from '../src/render/qr';
import { readQrTexts, svgToPng } from './support/read-qr';

// A URL as long as a PS256 credential's (a 256-byte signature and a full record in base64url).
const LONG_URL = `http://127.0.0.1:8787/w/?c=${'0oRDoQE4JKEEWEQtMDAwMDAx'.repeat(28)}`;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('QR rendering', () => {
  it('writes a PNG that reads back to the exact URL', async () => {
    const png = await qrPng(LONG_URL);

    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(await readQrTexts(png)).toEqual([LONG_URL]);
  });

  it('writes an SVG that, rasterised, reads back to the exact URL', async () => {
    const svg = await qrSvg(LONG_URL);

    expect(svg.startsWith('<svg')).toBe(true);
    expect(await readQrTexts(await svgToPng(svg))).toEqual([LONG_URL]);
  });

  it('sizes the SVG view box to the symbol plus its quiet zone', async () => {
    const svg = await qrSvg(LONG_URL);
    const side = qrMatrix(LONG_URL).size + 2 * QUIET_ZONE;

    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
  });

  it('uses error correction M, so a long credential URL stays at a camera-readable version', () => {
    const m = qrMatrix(LONG_URL);

    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.version).toBeLessThanOrEqual(25);
  });

  it('keeps a white quiet zone of four modules around the PNG symbol', async () => {
    const png = await qrPng('x', { scale: 1 });
    const size = qrMatrix('x').size + 2 * QUIET_ZONE;

    // IHDR width and height (PNG §11.2.2) equal symbol plus quiet zone at one pixel a module.
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(view.getUint32(16)).toBe(size);
    expect(view.getUint32(20)).toBe(size);
  });

  it('throws on empty text, which is a caller error', async () => {
    await expect(qrPng('')).rejects.toThrow(TypeError);
    expect(() => qrMatrix('')).toThrow(TypeError);
  });

  it('throws on an out-of-range scale', async () => {
    await expect(qrPng(LONG_URL, { scale: 0 })).rejects.toThrow(RangeError);
  });
});
