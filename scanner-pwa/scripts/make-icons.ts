/**
 * Writes the app icons (public/icons/*.png) from one drawing: a navy tile with a white QR-like
 * frame and a tick. PNG is encoded here (RFC 2083: IHDR, one IDAT of zlib-compressed scanlines,
 * IEND) so no image library is needed. Run: `npx tsx scanner-pwa/scripts/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const NAVY: Rgba = [0x1f, 0x3a, 0x5f, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [0x4f, 0xd1, 0xa5, 255];

/** Colour at (u, v) in the unit square; `pad` shrinks the drawing for the maskable safe zone. */
function shade(u: number, v: number, pad: number): Rgba {
  const x = (u - pad) / (1 - 2 * pad);
  const y = (v - pad) / (1 - 2 * pad);
  // Three finder-pattern squares, as on a QR code.
  for (const [fx, fy] of [
    [0.14, 0.14],
    [0.58, 0.14],
    [0.14, 0.58],
  ] as const) {
    const dx = x - fx;
    const dy = y - fy;
    if (dx >= 0 && dx <= 0.28 && dy >= 0 && dy <= 0.28) {
      const ring = dx < 0.05 || dx > 0.23 || dy < 0.05 || dy > 0.23;
      const core = dx > 0.09 && dx < 0.19 && dy > 0.09 && dy < 0.19;
      return ring || core ? WHITE : NAVY;
    }
  }
  // A tick in the fourth corner: distance to two segments.
  const d = Math.min(seg(x, y, 0.58, 0.74, 0.68, 0.84), seg(x, y, 0.68, 0.84, 0.88, 0.6));
  return d < 0.045 ? GREEN : NAVY;
}

function seg(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number, pad: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter type None
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade(
            (x + (sx + 0.5) / samples) / size,
            (y + (sy + 0.5) / samples) / size,
            pad,
          );
          for (let i = 0; i < 4; i++) acc[i]! += c[i]!;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      for (let i = 0; i < 4; i++) raw[o + i] = Math.round(acc[i]! / (samples * samples));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const out = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, 0.04));
writeFileSync(new URL('icon-512.png', out), png(512, 0.04));
// Maskable icons keep their drawing inside the central 80 % safe zone (W3C Manifest, "purpose").
writeFileSync(new URL('icon-maskable-512.png', out), png(512, 0.14));
