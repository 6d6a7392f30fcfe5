/**
 * A line chart drawn as plain SVG from plotGeometry: horizontal grid lines at the value ticks, reference lines,
 * the lines and their marks, and the two axes with their tick labels. The page's charts (the per-step charts, the
 * SMC workbench, fine-tuning and training loss) all draw through it. It renders in one pass with nothing measured,
 * so a chart's first draw and each redraw while a run plays cost a millisecond or two of main thread, not the tens of
 * milliseconds of a general chart library's mount. The picture is described in words by the chart's summary, so
 * the SVG itself is hidden from assistive technology.
 */
import { PALETTE } from '../../palette';
import { ChartFrame } from '../ChartFrame';
import { AXIS_FONT_PX } from '../chartStyle';
import { plotGeometry } from './geometry';
import type { PlotInput } from './geometry';

const AXIS_STROKE = '#666';
/** Tick marks and the gap between a tick mark and its label (valueAxis.ts counts them in an axis's width). */
const TICK = 6;
const GAP = 2;

export interface PlotProps extends PlotInput {
  formatX?: (v: number) => string;
  formatY: (v: number) => string;
  fontSize?: number;
}

function triangle(x: number, y: number): string {
  return `M${x} ${y - 5}L${x + 4.5} ${y + 3}L${x - 4.5} ${y + 3}Z`;
}

export function Plot(props: PlotProps) {
  const g = plotGeometry(props);
  const fontSize = props.fontSize ?? AXIS_FONT_PX;
  const formatX = props.formatX ?? String;
  return (
    <svg className="plot" width={props.width} height={props.height} aria-hidden="true" focusable="false">
      <g className="plot__grid">
        {g.yTicks.map((t) => (
          <line key={t.value} x1={g.left} x2={g.right} y1={t.at} y2={t.at} stroke={PALETTE.grid} />
        ))}
      </g>
      {g.references.map((r) => (
        <line
          key={`ref${r.y}`}
          className="plot__reference"
          x1={g.left}
          x2={g.right}
          y1={r.at}
          y2={r.at}
          stroke={r.color}
          strokeWidth={r.width ?? 1.6}
          strokeDasharray={r.dash ?? '5 4'}
        />
      ))}
      {g.paths.map((p) => (
        <path
          key={p.key}
          className="plot__line"
          d={p.d}
          fill="none"
          stroke={p.color}
          strokeWidth={p.width}
          strokeDasharray={p.dash}
          strokeLinejoin="round"
        />
      ))}
      {g.marks.map((m) => (
        <g key={`marks${m.key}`} className="plot__marks">
          {m.points.map(([x, y], i) =>
            m.shape === 'triangle' ? (
              <path key={i} d={triangle(x, y)} fill={m.color} stroke="#fff" strokeWidth={0.8} />
            ) : (
              <circle key={i} cx={x} cy={y} r={m.shape.radius} fill={m.color} stroke="#fff" strokeWidth={1} />
            ),
          )}
        </g>
      ))}
      <g className="plot__axis plot__axis--y" fontSize={fontSize} fill={PALETTE.muted}>
        <line x1={g.left} x2={g.left} y1={g.top} y2={g.bottom} stroke={AXIS_STROKE} />
        {g.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={g.left - TICK} x2={g.left} y1={t.at} y2={t.at} stroke={AXIS_STROKE} />
            <text className="plot__tick-label" x={g.left - TICK - GAP} y={t.at} dy="0.355em" textAnchor="end">
              {props.formatY(t.value)}
            </text>
          </g>
        ))}
      </g>
      <g className="plot__axis plot__axis--x" fontSize={fontSize} fill={PALETTE.muted}>
        <line x1={g.left} x2={g.right} y1={g.bottom} y2={g.bottom} stroke={AXIS_STROKE} />
        {g.xTicks.map((t) => (
          <g key={t.value}>
            <line x1={t.at} x2={t.at} y1={g.bottom} y2={g.bottom + TICK} stroke={AXIS_STROKE} />
            <text className="plot__tick-label" x={t.at} y={g.bottom + TICK + GAP} dy="0.71em" textAnchor="middle">
              {formatX(t.value)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/** A Plot filling the width of its box, `height` tall (CSS: pixels or a variable such as --chart-height). */
export function FramedPlot(props: Omit<PlotProps, 'width' | 'height'> & { height: string | number }) {
  const { height, ...plot } = props;
  return <ChartFrame height={height}>{(w, h) => <Plot {...plot} width={w} height={h} />}</ChartFrame>;
}
