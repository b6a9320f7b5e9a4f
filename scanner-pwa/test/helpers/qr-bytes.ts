/**
 * QR codes of exact bytes for the text tests: a Shift_JIS encoder (the platform only decodes
 * Shift_JIS, so the table is built by decoding every double-byte code once) and `qrcode`
 * symbols drawn as RGBA pixels, the shape the decoders read.
 */
import QRCode, { type QRCodeSegment } from 'qrcode';

let table: Map<string, number[]> | null = null;

function sjisTable(): Map<string, number[]> {
  if (table) return table;
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  table = new Map();
  for (let b = 0x20; b < 0x7f; b += 1) table.set(String.fromCharCode(b), [b]);
  // Half-width katakana: single bytes 0xA1–0xDF.
  for (let b = 0xa1; b <= 0xdf; b += 1) table.set(decoder.decode(new Uint8Array([b])), [b]);
  const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
  const trails = [...range(0x40, 0x7e), ...range(0x80, 0xfc)];
  for (const lead of leads) {
    for (const trail of trails) {
      try {
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (!table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // Not an assigned code.
      }
    }
  }
  return table;
}

function* range(from: number, to: number) {
  for (let i = from; i <= to; i += 1) yield i;
}

/** `text` in Shift_JIS; throws on a character Shift_JIS cannot hold. */
export function shiftJis(text: string): Uint8Array {
  const map = sjisTable();
  const out: number[] = [];
  for (const char of text) {
    const bytes = map.get(char);
    if (!bytes) throw new Error(`not in Shift_JIS: ${char}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

/** RGBA pixels of a QR code of `segments` (4 px a module, 4-module quiet zone), like ImageData. */
export function qrPixels(segments: QRCodeSegment[]): ImageData {
  const toSJISFunc = (char: string) => {
    const [lead, trail] = shiftJis(char);
    return (lead! << 8) | trail!;
  };
  const { modules } = QRCode.create(segments, { errorCorrectionLevel: 'M', toSJISFunc });
  const scale = 4;
  const margin = 4;
  const side = (modules.size + 2 * margin) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < modules.size; y += 1) {
    for (let x = 0; x < modules.size; x += 1) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy += 1) {
        const row = ((y + margin) * scale + dy) * side;
        for (let dx = 0; dx < scale; dx += 1) {
          const at = (row + (x + margin) * scale + dx) * 4;
          data.fill(0, at, at + 3);
        }
      }
    }
  }
  return { data, width: side, height: side, colorSpace: 'srgb' } as ImageData;
}
