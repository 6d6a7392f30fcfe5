/**
 * The exported figure as one SVG document: a title (the scenario in words), each lane's particle picture under
 * its sampler's name and λ, and the per-step charts with axes and legends (svgChart.ts). Pure: the page hands
 * in the pictures as image URLs (figureExport.ts), tests and scripts hand in anything.
 */
import { chartSvg, esc, FONT } from './svgChart';
import type { ChartSpec } from './svgChart';

export interface LanePicture {
  /** The sampler's name with its λ, e.g. "A: SMC (λ = 0.7)". */
  title: string;
  color: string;
  /** The particle picture (a PNG data URL of the lane's canvas). */
  href: string;
}

export interface FigureInput {
  title: string;
  lanes: LanePicture[];
  charts: ChartSpec[];
  /** A line under everything (e.g. N, K and the seed). */
  footer?: string;
}

export interface FigureSvg {
  svg: string;
  /** Size in CSS pixels (the PNG export multiplies it by its scale). */
  width: number;
  height: number;
}

const MARGIN = 20;
const GAP = 24;
const CHART_HEIGHT = 250;

/** Splits a long title into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function figureSvg(input: FigureInput, width = 1000): FigureSvg {
  const inner = width - 2 * MARGIN;
  const parts: string[] = [];
  let y = MARGIN;
  // About 9 px a character for the bold 15 px title.
  const titleLines = wrap(input.title, Math.floor(inner / 9));
  titleLines.forEach((line, i) => parts.push(`<text class="figure-title" x="${MARGIN}" y="${y + 15 + i * 20}" font-size="15" font-weight="600" fill="#1b1f24">${esc(line)}</text>`));
  y += titleLines.length * 20 + 12;

  const n = Math.max(1, input.lanes.length);
  const picture = Math.min(440, (inner - (n - 1) * GAP) / n);
  const rowWidth = n * picture + (n - 1) * GAP;
  const x0 = MARGIN + (inner - rowWidth) / 2;
  input.lanes.forEach((lane, i) => {
    const x = x0 + i * (picture + GAP);
    parts.push(
      `<g class="lane" data-title="${esc(lane.title)}">`,
      `<rect x="${x}" y="${y + 2}" width="12" height="12" rx="2" fill="${lane.color}"/>`,
      `<text class="lane-title" x="${x + 18}" y="${y + 13}" font-size="13.5" font-weight="600" fill="#1b1f24">${esc(lane.title)}</text>`,
      `<image x="${x}" y="${y + 22}" width="${picture}" height="${picture}" href="${esc(lane.href)}" preserveAspectRatio="xMidYMid meet"/>`,
      `<rect x="${x + 0.5}" y="${y + 22.5}" width="${picture - 1}" height="${picture - 1}" fill="none" stroke="#d9dde2"/>`,
      '</g>',
    );
  });
  y += 22 + picture + GAP;

  // Three charts a row when there is room, otherwise one or two.
  const perRow = inner >= 840 ? 3 : inner >= 540 ? 2 : 1;
  const chartWidth = (inner - (perRow - 1) * GAP) / perRow;
  input.charts.forEach((chart, i) => {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    parts.push(chartSvg(chart, { x: MARGIN + col * (chartWidth + GAP), y: y + row * (CHART_HEIGHT + GAP), width: chartWidth, height: CHART_HEIGHT }));
  });
  const rows = Math.ceil(input.charts.length / perRow);
  y += rows * CHART_HEIGHT + Math.max(0, rows - 1) * GAP;
  if (input.footer) {
    y += 18;
    parts.push(`<text class="figure-footer" x="${MARGIN}" y="${y}" font-size="11" fill="#5b6470">${esc(input.footer)}</text>`);
  }
  const height = Math.ceil(y + MARGIN);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}">`,
    `<title>${esc(input.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}
