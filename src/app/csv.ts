/**
 * A user's 2-D data from CSV text: one point per line as "x,y" (commas, semicolons, tabs or spaces), an
 * optional header line of column names, blank lines and "#" comments skipped. The first bad line is reported
 * by its 1-based number, so the user can fix the file; nothing is returned in that case.
 */
import { USER_POINT_LIMITS } from '../core/datasets/userPoints';
import { LIMITS } from '../core/scenario';
import { groupDigits } from '../view/groupDigits';

/** As many points as the trainer accepts. */
export const MAX_CSV_POINTS = USER_POINT_LIMITS.max;

export type CsvResult = { ok: true; points: Float32Array } | { ok: false; line: number; problem: string };

const SEPARATOR = /\s*[,;\t ]\s*/;

/** A decimal number as people write it in a data file: 1, -2.5, .5, 1e-3. (Number() would also take "0x1f",
 *  "0b101", "Infinity" and "" — none of which is a coordinate.) */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function decimal(cell: string): number {
  return DECIMAL.test(cell) ? Number(cell) : NaN;
}

function isHeader(cells: string[]): boolean {
  return cells.length >= 2 && cells.every((c) => c !== '' && !Number.isFinite(decimal(c)));
}

export function parsePointsCsv(text: string): CsvResult {
  const lines = text.split(/\r\n|\n|\r/);
  const values: number[] = [];
  let seenData = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const cells = raw.split(SEPARATOR).map((c) => c.replace(/^"(.*)"$/, '$1'));
    if (!seenData && isHeader(cells)) continue;
    const line = i + 1;
    if (cells.length !== 2) {
      return { ok: false, line, problem: `expected two numbers (x, y), found ${cells.length} value${cells.length === 1 ? '' : 's'}: "${shorten(raw)}"` };
    }
    const [x, y] = cells.map(decimal);
    for (const [v, cell] of [
      [x, cells[0]],
      [y, cells[1]],
    ] as const) {
      if (cell === '' || !Number.isFinite(v)) return { ok: false, line, problem: `"${shorten(cell)}" is not a number` };
      if (Math.abs(v) > LIMITS.coordinate) return { ok: false, line, problem: `${cell} is outside the allowed range ±${LIMITS.coordinate}` };
    }
    seenData = true;
    values.push(x, y);
    if (values.length / 2 > MAX_CSV_POINTS) return { ok: false, line, problem: `more than ${groupDigits(MAX_CSV_POINTS)} points` };
  }
  if (values.length === 0) return { ok: false, line: lines.length, problem: 'no data lines found (expected "x,y" per line)' };
  return { ok: true, points: new Float32Array(values) };
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
