import { createHash } from 'node:crypto';

/**
 * Deterministic pictures: the same key always gives the same picture, and because the pattern
 * is drawn in coordinates relative to the image size, an upscale is the same picture, larger.
 */

interface Params {
  palette: Array<[number, number, number]>;
  waves: Array<{ fx: number; fy: number; phase: number; weight: number }>;
  blobs: Array<{ x: number; y: number; r: number; weight: number }>;
}

function params(key: string): Params {
  const h = createHash('sha256').update(key).digest();
  const byte = (i: number) => h[i % h.length] / 255;
  const palette: Params['palette'] = [0, 1, 2].map((i) => [h[i * 3], h[i * 3 + 1], h[i * 3 + 2]] as [number, number, number]);
  const waves = [0, 1, 2].map((i) => ({
    fx: (byte(9 + i) - 0.5) * 14,
    fy: (byte(12 + i) - 0.5) * 14,
    phase: byte(15 + i) * Math.PI * 2,
    weight: 0.2 + byte(18 + i) * 0.3,
  }));
  const blobs = [0, 1, 2, 3].map((i) => ({
    x: byte(21 + i),
    y: byte(25 + i),
    r: 0.08 + byte(29 + i) * 0.25,
    weight: byte(i + 1) > 0.5 ? 0.6 : -0.6,
  }));
  return { palette, waves, blobs };
}

// A sine table and a polynomial falloff instead of Math.sin/Math.exp in the pixel loop: several
// times faster, and jest's sandbox makes Math calls over ten times slower still.
const SIN_STEPS = 4096;
const SIN_TABLE = Float64Array.from({ length: SIN_STEPS + 1 }, (_, i) => Math.sin((i / SIN_STEPS) * 2 * Math.PI));
const SIN_SCALE = SIN_STEPS / (2 * Math.PI);
const SIN_OFFSET = 64 * Math.PI; // keeps the argument positive for the truncation below

function tableSin(x: number): number {
  const p = (x + SIN_OFFSET) * SIN_SCALE;
  const whole = p | 0;
  const i = whole & (SIN_STEPS - 1);
  return SIN_TABLE[i] + (SIN_TABLE[i + 1] - SIN_TABLE[i]) * (p - whole);
}

/** A smooth bump like exp(-d) for d >= 0. */
const falloff = (d: number): number => 1 / (1 + d + d * d * 0.5 + d * d * d * 0.1666667);

/** RGBA pixels of the picture for `key` at `width` × `height`. */
export function renderPattern(key: string, width: number, height: number): Buffer {
  const { palette, waves, blobs } = params(key);
  const data = Buffer.allocUnsafe(width * height * 4);
  // Separable parts of the waves, once per column and row; plain indexed loops (no allocation per pixel).
  const cols = waves.map((w) => Float64Array.from({ length: width }, (_, x) => (w.fx * x) / width));
  const rows = waves.map((w) => Float64Array.from({ length: height }, (_, y) => (w.fy * y) / height + w.phase));
  const weights = Float64Array.from(waves, (w) => w.weight * 0.5);
  const [c0, c1, c2] = palette;
  let i = 0;
  for (let y = 0; y < height; y++) {
    const v = y / height;
    const r0 = rows[0][y];
    const r1 = rows[1][y];
    const r2 = rows[2][y];
    for (let x = 0; x < width; x++) {
      const u = x / width;
      let t = 0.5 + weights[0] * tableSin(cols[0][x] + r0) + weights[1] * tableSin(cols[1][x] + r1) + weights[2] * tableSin(cols[2][x] + r2);
      for (let k = 0; k < blobs.length; k++) {
        const b = blobs[k];
        const dx = u - b.x;
        const dy = v - b.y;
        const d = (dx * dx + dy * dy) / (b.r * b.r);
        if (d < 4) t += b.weight * falloff(d);
      }
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const s = t * 2;
      const low = s < 1;
      const f = low ? s : s - 1;
      const a = low ? c0 : c1;
      const c = low ? c1 : c2;
      data[i] = a[0] + (c[0] - a[0]) * f;
      data[i + 1] = a[1] + (c[1] - a[1]) * f;
      data[i + 2] = a[2] + (c[2] - a[2]) * f;
      data[i + 3] = 255;
      i += 4;
    }
  }
  return data;
}

/** Bilinear resize of RGBA pixels (used to upscale a real JPEG input). */
export function resizeBilinear(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Buffer {
  const out = Buffer.allocUnsafe(dw * dh * 4);
  let o = 0;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, ((y + 0.5) * sh) / dh - 0.5);
    const y0 = Math.max(0, Math.floor(fy));
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = Math.max(0, fy - y0);
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, ((x + 0.5) * sw) / dw - 0.5);
      const x0 = Math.max(0, Math.floor(fx));
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = Math.max(0, fx - x0);
      const p00 = (y0 * sw + x0) * 4;
      const p01 = (y0 * sw + x1) * 4;
      const p10 = (y1 * sw + x0) * 4;
      const p11 = (y1 * sw + x1) * 4;
      for (let c = 0; c < 3; c++) {
        const top = src[p00 + c] + (src[p01 + c] - src[p00 + c]) * wx;
        const bottom = src[p10 + c] + (src[p11 + c] - src[p10 + c]) * wx;
        out[o++] = top + (bottom - top) * wy;
      }
      out[o++] = 255;
    }
  }
  return out;
}
