/**
 * Where everything of a line chart goes, in pixels, as plain data: the plot area inside the axes, the ticks, the
 * grid, the reference lines, each line's SVG path and its marks. Pure, so that it is tested without a page, and
 * cheap: the live charts redraw from it while a run plays (a few hundred points per line, no DOM measuring).
 */
import type { ValueAxis } from '../valueAxis';

export interface PlotLine {
  key: string;
  color: string;
  /** One value per x; null (or, on a log axis, a value ≤ 0) is a gap. */
  values: ReadonlyArray<number | null>;
  width?: number;
  dash?: string;
  /** 'step-after' holds each value until the next x (a count that changes at steps). */
  curve?: 'linear' | 'step-after';
  /** Join the values on either side of a gap instead of breaking the line. */
  connectGaps?: boolean;
  /** Marks at the values: upward triangles (resampling), dots of the given radius; `line: false` draws only them. */
  marks?: 'triangle' | { radius: number };
  line?: boolean;
}

export interface PlotReference {
  y: number;
  color: string;
  dash?: string;
  width?: number;
}

export interface PlotInput {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** The x of each value index, and the x axis: its range, ticks and height. */
  xs: ReadonlyArray<number>;
  xDomain: [number, number];
  xTicks: number[];
  xHeight: number;
  y: ValueAxis & { log?: boolean };
  lines: PlotLine[];
  references?: PlotReference[];
}

export interface Tick {
  value: number;
  at: number;
}

export interface PlotGeometry {
  left: number;
  top: number;
  right: number;
  bottom: number;
  xTicks: Tick[];
  yTicks: Tick[];
  references: Array<PlotReference & { at: number }>;
  paths: Array<{ key: string; d: string; color: string; width: number; dash?: string }>;
  marks: Array<{ key: string; color: string; shape: 'triangle' | { radius: number }; points: Array<[number, number]> }>;
}

/** Coordinates to two decimals: short paths, and no visible difference. */
const px = (v: number) => Math.round(v * 100) / 100;

function scale(domain: [number, number], range: [number, number], log = false): (v: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const d0 = f(domain[0]);
  const span = f(domain[1]) - d0 || 1;
  return (v) => range[0] + ((f(v) - d0) / span) * (range[1] - range[0]);
}

export function plotGeometry(input: PlotInput): PlotGeometry {
  const left = input.margin.left + input.y.width;
  const right = Math.max(left + 1, input.width - input.margin.right);
  const top = input.margin.top;
  const bottom = Math.max(top + 1, input.height - input.margin.bottom - input.xHeight);
  const x = scale(input.xDomain, [left, right]);
  const y = scale(input.y.domain, [bottom, top], input.y.log);
  const usable = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v) && (!input.y.log || v > 0);
  const paths: PlotGeometry['paths'] = [];
  const marks: PlotGeometry['marks'] = [];
  for (const line of input.lines) {
    if (line.line !== false) {
      let d = '';
      let pen = false;
      let lastY = 0;
      line.values.forEach((v, i) => {
        if (!usable(v)) {
          if (!line.connectGaps) pen = false;
          return;
        }
        const cx = px(x(input.xs[i]));
        const cy = px(y(v));
        if (pen && line.curve === 'step-after') d += `L${cx} ${lastY}`;
        d += `${pen ? 'L' : 'M'}${cx} ${cy}`;
        pen = true;
        lastY = cy;
      });
      if (d) paths.push({ key: line.key, d, color: line.color, width: line.width ?? 2, dash: line.dash });
    }
    if (line.marks) {
      const points: Array<[number, number]> = [];
      line.values.forEach((v, i) => {
        if (usable(v)) points.push([px(x(input.xs[i])), px(y(v))]);
      });
      if (points.length > 0) marks.push({ key: line.key, color: line.color, shape: line.marks, points });
    }
  }
  return {
    left,
    top,
    right,
    bottom,
    xTicks: input.xTicks.map((value) => ({ value, at: px(x(value)) })),
    yTicks: input.y.ticks.map((value) => ({ value, at: px(y(value)) })),
    references: (input.references ?? []).filter((r) => usable(r.y)).map((r) => ({ ...r, at: px(y(r.y)) })),
    paths,
    marks,
  };
}
