/**
 * The fine-tuning report's figure: four panels of curves per update (mean reward with the exact E_q r, energy
 * distance to q, KL to the reference, Var log w; the last three on log axes) under one legend naming the methods,
 * drawn by the chart code of the app's figure export (src/app/export/svgChart.ts) as SVG and rasterised to PNG
 * at 2× by resvg (@resvg/resvg-js).
 */
import { Resvg } from '@resvg/resvg-js';
import { chartSvg, esc, FONT, legendSvg } from '../src/app/export/svgChart';
import type { ChartSpec, LegendItem } from '../src/app/export/svgChart';

/** What the figure is drawn from (also written beside it as JSON, so it can be redrawn without rerunning). */
export interface CurvesData {
  /** Updates per run (the x axis runs 1 … updates). */
  updates: number;
  exactMeanReward: number;
  methods: Array<{ label: string; color: string; curves: Record<Quantity, number[]> }>;
}

export type Quantity = 'meanReward' | 'energyDistance' | 'klToReference' | 'logWeightVar';

const PANELS: Array<{ key: Quantity; title: string; yLabel: string; log: boolean }> = [
  { key: 'meanReward', title: 'Mean reward of the batch', yLabel: 'mean reward', log: false },
  { key: 'energyDistance', title: 'Energy distance to the exact target q', yLabel: 'energy distance (log)', log: true },
  { key: 'klToReference', title: 'KL to the reference model (nats)', yLabel: 'KL (log)', log: true },
  { key: 'logWeightVar', title: 'Variance of the log importance weights', yLabel: 'Var log w (log)', log: true },
];

const WIDTH = 1000;
const MARGIN = 20;
const GAP = 28;
const PANEL_HEIGHT = 290;
const EXACT = '#009E73';

export function curvesSvg(data: CurvesData): { svg: string; width: number; height: number } {
  const inner = WIDTH - 2 * MARGIN;
  const parts: string[] = [];
  parts.push(
    `<text class="figure-title" x="${MARGIN}" y="${MARGIN + 15}" font-size="15" font-weight="600" fill="#1b1f24">${esc('Fine-tuning toward q ∝ p·e^{r/λ}: the batch at each update (mean over seeds, 5-update moving average)')}</text>`,
  );
  const items: LegendItem[] = [...data.methods.map((m) => ({ label: m.label, color: m.color })), { label: `exact E_q r = ${data.exactMeanReward.toFixed(3)}`, color: EXACT, dashed: true }];
  const legend = legendSvg(items, MARGIN, MARGIN + 44, inner);
  parts.push(legend.svg);
  const top = MARGIN + 44 + legend.height + 8;
  const panelWidth = (inner - GAP) / 2;
  PANELS.forEach((panel, i) => {
    const spec: ChartSpec = {
      title: panel.title,
      xLabel: 'update',
      yLabel: panel.yLabel,
      xDomain: [1, Math.max(2, data.updates)],
      log: panel.log,
      legend: false,
      series: data.methods.map((m) => ({ label: m.label, color: m.color, width: 1.8, points: m.curves[panel.key].map((v, u) => [u + 1, Number.isFinite(v) ? v : null]) })),
      references: panel.key === 'meanReward' ? [{ y: data.exactMeanReward, label: 'exact E_q r', color: EXACT }] : undefined,
    };
    parts.push(chartSvg(spec, { x: MARGIN + (i % 2) * (panelWidth + GAP), y: top + Math.floor(i / 2) * (PANEL_HEIGHT + GAP), width: panelWidth, height: PANEL_HEIGHT }));
  });
  const height = Math.ceil(top + 2 * PANEL_HEIGHT + GAP + MARGIN);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${esc(FONT)}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
  return { svg, width: WIDTH, height };
}

/** The SVG rasterised at `scale`, with the system's fonts (a sans-serif where the SVG's first choices are missing). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}
