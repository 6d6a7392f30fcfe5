/**
 * Line charts as SVG text, with axes (ticks, tick labels, axis titles), a legend and reference lines: the chart
 * code of the exported figures (figureSvg.ts) and of the docs figures (scripts/finetune-report.ts). Pure string
 * building, so it runs in the page, in Node and in tests alike; scales and ticks are d3-scale's.
 */
import { scaleLinear, scaleLog } from 'd3-scale';

export interface Series {
  label: string;
  color: string;
  /** [x, y] points; a null y is a gap in the line. */
  points: Array<[number, number | null]>;
  dashed?: boolean;
  width?: number;
  /** Draw each point as an upward triangle instead of a line (e.g. the resampling marks). */
  marks?: boolean;
}

export interface Reference {
  y: number;
  label: string;
  color: string;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  references?: Reference[];
  xDomain: [number, number];
  /** A fixed y range; otherwise the data's (and the references'), made nice. */
  yDomain?: [number, number];
  /** A log10 y axis (for quantities spanning decades); non-positive values are gaps. */
  log?: boolean;
  /** Said inside the plot area when the chart has nothing to draw (e.g. why a sampler has no weights). */
  empty?: string;
  /** Draw the chart's own legend (default true; false where a figure shows one legend for several charts). */
  legend?: boolean;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const INK = '#1b1f24';
const MUTED = '#5b6470';
const GRID = '#e3e6ea';

/** Text for SVG: the five XML specials escaped. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** A tick label: at most three significant digits, exponents for the very large and small. */
export function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

function yExtent(spec: ChartSpec): [number, number] {
  if (spec.yDomain) return spec.yDomain;
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1])).filter((v): v is number => v !== null && Number.isFinite(v) && (!spec.log || v > 0));
  for (const r of spec.references ?? []) if (Number.isFinite(r.y) && (!spec.log || r.y > 0)) ys.push(r.y);
  if (ys.length === 0) return spec.log ? [1, 10] : [0, 1];
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (lo === hi) {
    const pad = spec.log ? lo : Math.abs(lo) * 0.1 || 1;
    lo = spec.log ? lo / 2 : lo - pad;
    hi = spec.log ? hi * 2 : hi + pad;
  }
  return [lo, hi];
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** A triangle mark instead of a line. */
  marks?: boolean;
}

/** A chart's legend entries: its series, then its reference lines. */
export function legendItems(spec: ChartSpec): LegendItem[] {
  return [
    ...spec.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed, marks: s.marks })),
    ...(spec.references ?? []).map((r) => ({ label: r.label, color: r.color, dashed: true })),
  ];
}

/** Legend entries laid out left to right, wrapping at `width`; returns the SVG and the height used. */
export function legendSvg(items: LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  // One entry per distinct look and label (every lane's resampling marks are one "resampled" entry).
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.label}|${item.color}|${item.dashed ?? false}|${item.marks ?? false}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A rough width for the label (the figure's sans-serif at 11 px averages about 6 px a character).
    const w = 28 + item.label.length * 6.2 + 12;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 16;
    }
    const swatch = item.marks
      ? `<path d="M${num(cx + 11)} ${num(cy - 8)} L${num(cx + 16)} ${num(cy)} L${num(cx + 6)} ${num(cy)} Z" fill="${item.color}"/>`
      : `<line x1="${num(cx + 1)}" y1="${num(cy - 4)}" x2="${num(cx + 21)}" y2="${num(cy - 4)}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
    parts.push(`<g class="legend-item">${swatch}<text x="${num(cx + 26)}" y="${num(cy)}" font-size="11" fill="${INK}">${esc(item.label)}</text></g>`);
    cx += w;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: parts.length === 0 ? 0 : cy - y + 16 };
}

/** One chart in `box`: title, legend, plot area with grid, axes, ticks and axis titles, lines and marks. */
export function chartSvg(spec: ChartSpec, box: Box): string {
  const title = `<text class="chart-title" x="${num(box.x)}" y="${num(box.y + 13)}" font-size="13" font-weight="600" fill="${INK}">${esc(spec.title)}</text>`;
  const leg = spec.legend === false ? { svg: '', height: 0 } : legendSvg(legendItems(spec), box.x, box.y + 32, box.width);
  const left = box.x + 58;
  const right = box.x + box.width - 10;
  const top = box.y + 22 + leg.height + 6;
  const bottom = box.y + box.height - 36;
  const x = scaleLinear().domain(spec.xDomain).range([left, right]);
  const [lo, hi] = yExtent(spec);
  const y = spec.log ? scaleLog().domain([lo, hi]).range([bottom, top]).nice() : scaleLinear().domain([lo, hi]).range([bottom, top]).nice();
  const mantissa = (t: number) => Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
  const decades = spec.log ? y.ticks().filter((t) => mantissa(t) === 1) : [];
  // A log axis over less than two decades also labels the 2s and 5s.
  const yTicks = !spec.log ? y.ticks(5) : decades.length >= 3 ? decades : y.ticks().filter((t) => [1, 2, 5].includes(mantissa(t)));
  const xTicks = x.ticks(6).filter((t) => Number.isInteger(t));
  const grid = yTicks.map((t) => `<line x1="${num(left)}" y1="${num(y(t))}" x2="${num(right)}" y2="${num(y(t))}" stroke="${GRID}"/>`).join('');
  const yAxis = [
    `<line x1="${num(left)}" y1="${num(top)}" x2="${num(left)}" y2="${num(bottom)}" stroke="${MUTED}"/>`,
    ...yTicks.map(
      (t) =>
        `<line x1="${num(left - 4)}" y1="${num(y(t))}" x2="${num(left)}" y2="${num(y(t))}" stroke="${MUTED}"/><text x="${num(left - 7)}" y="${num(y(t) + 3.5)}" font-size="10.5" fill="${MUTED}" text-anchor="end">${esc(tickText(t))}</text>`,
    ),
    `<text class="axis-title" transform="translate(${num(box.x + 11)} ${num((top + bottom) / 2)}) rotate(-90)" font-size="11" fill="${MUTED}" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  ].join('');
  const xAxis = [
    `<line x1="${num(left)}" y1="${num(bottom)}" x2="${num(right)}" y2="${num(bottom)}" stroke="${MUTED}"/>`,
    ...xTicks.map(
      (t) =>
        `<line x1="${num(x(t))}" y1="${num(bottom)}" x2="${num(x(t))}" y2="${num(bottom + 4)}" stroke="${MUTED}"/><text x="${num(x(t))}" y="${num(bottom + 15)}" font-size="10.5" fill="${MUTED}" text-anchor="middle">${esc(tickText(t))}</text>`,
    ),
    `<text class="axis-title" x="${num((left + right) / 2)}" y="${num(bottom + 30)}" font-size="11" fill="${MUTED}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
  ].join('');
  const usable = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!spec.log || v > 0);
  const refs = (spec.references ?? [])
    .filter((r) => usable(r.y))
    .map((r) => `<line x1="${num(left)}" y1="${num(y(r.y))}" x2="${num(right)}" y2="${num(y(r.y))}" stroke="${r.color}" stroke-width="1.6" stroke-dasharray="5 4"/>`)
    .join('');
  const lines = spec.series
    .map((s) => {
      if (s.marks)
        return s.points
          .filter((p): p is [number, number] => usable(p[1]))
          .map(([px, py]) => `<path d="M${num(x(px))} ${num(y(py) - 5)} L${num(x(px) + 4.5)} ${num(y(py) + 3)} L${num(x(px) - 4.5)} ${num(y(py) + 3)} Z" fill="${s.color}" stroke="#fff" stroke-width="0.8"/>`)
          .join('');
      let d = '';
      let pen = false;
      for (const [px, py] of s.points) {
        if (!usable(py)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${num(x(px))} ${num(y(py))}`;
        pen = true;
      }
      if (!d) return '';
      return `<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    })
    .join('');
  const drawn = spec.series.some((s) => s.points.some((p) => usable(p[1])));
  const empty =
    !drawn && spec.empty
      ? `<text x="${num((left + right) / 2)}" y="${num((top + bottom) / 2)}" font-size="11.5" fill="${MUTED}" text-anchor="middle">${esc(spec.empty)}</text>`
      : '';
  const clip = `clip-${Math.round(box.x)}-${Math.round(box.y)}`;
  return [
    `<g class="chart" data-title="${esc(spec.title)}">`,
    `<clipPath id="${clip}"><rect x="${num(left)}" y="${num(top - 6)}" width="${num(right - left + 6)}" height="${num(bottom - top + 12)}"/></clipPath>`,
    title,
    leg.svg,
    grid,
    `<g clip-path="url(#${clip})">${refs}${lines}</g>`,
    `<g class="axis axis-y">${yAxis}</g>`,
    `<g class="axis axis-x">${xAxis}</g>`,
    empty,
    '</g>',
  ].join('');
}
