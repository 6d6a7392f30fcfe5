/**
 * A dependency-free PNG line plot for the fine-tuning report: panels of curves drawn into an RGB raster and encoded
 * with node:zlib (PNG = signature, IHDR, one zlib IDAT, IEND, each chunk with its CRC-32).
 */
import { deflateSync } from 'node:zlib';

export type Rgb = [number, number, number];

export interface Panel {
  /** One curve per series; NaN points are skipped. */
  series: Array<{ values: number[]; color: Rgb }>;
  /** Plot log10 of the values (for quantities spanning decades). */
  log?: boolean;
  /** A horizontal reference line (e.g. the exact E_q r), in data units. */
  reference?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (3 * width + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * 3 * width, 3 * width).copy(raw, y * (3 * width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 3).fill(255);
  }

  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    this.data.set(c, 3 * (yi * this.width + xi));
  }

  /** A 2-pixel-wide line (Bresenham-style stepping). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n;
      const y = y0 + ((y1 - y0) * i) / n;
      this.set(x, y, c);
      this.set(x, y + 1, c);
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) this.set(x, y, c);
  }
}

export interface PanelRange {
  min: number;
  max: number;
}

/**
 * Draws the panels in a grid (cols per row) and returns the PNG and each panel's y-range in data units
 * (log panels: the range of log10), for the caption. Grey lines mark the frame, the zero line and the reference.
 */
export function plotPanels(panels: Panel[], cols: number, panelW = 420, panelH = 260): { png: Buffer; ranges: PanelRange[] } {
  const rows = Math.ceil(panels.length / cols);
  const pad = 24;
  const img = new Raster(cols * panelW, rows * panelH);
  const ranges: PanelRange[] = [];
  panels.forEach((p, idx) => {
    const ox = (idx % cols) * panelW + pad;
    const oy = Math.floor(idx / cols) * panelH + pad;
    const w = panelW - 2 * pad;
    const h = panelH - 2 * pad;
    const tf = (v: number) => (p.log ? Math.log10(Math.max(v, 1e-12)) : v);
    const all = p.series.flatMap((s) => s.values.filter(Number.isFinite).map(tf));
    if (p.reference !== undefined) all.push(tf(p.reference));
    let min = Math.min(...all);
    let max = Math.max(...all);
    if (!(max > min)) [min, max] = [min - 1, max + 1];
    ranges.push({ min, max });
    const X = (i: number, n: number) => ox + (w * i) / Math.max(n - 1, 1);
    const Y = (v: number) => oy + h - (h * (tf(v) - min)) / (max - min);
    const grey: Rgb = [170, 170, 170];
    img.line(ox, oy, ox + w, oy, grey);
    img.line(ox, oy + h, ox + w, oy + h, grey);
    img.line(ox, oy, ox, oy + h, grey);
    img.line(ox + w, oy, ox + w, oy + h, grey);
    if (!p.log && min < 0 && max > 0) img.line(ox, Y(0), ox + w, Y(0), [215, 215, 215]);
    if (p.reference !== undefined) {
      for (let x = ox; x < ox + w; x += 8) img.line(x, Y(p.reference), x + 4, Y(p.reference), [60, 60, 60]);
    }
    for (const s of p.series) {
      let prev: [number, number] | null = null;
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) {
          prev = null;
          return;
        }
        const pt: [number, number] = [X(i, s.values.length), Y(v)];
        if (prev) img.line(prev[0], prev[1], pt[0], pt[1], s.color);
        prev = pt;
      });
    }
  });
  return { png: encodePng(img.width, img.height, img.data), ranges };
}
