// The exported figure (src/app/export/figureSvg.ts, runCharts.ts, svgChart.ts) on a real tiny SMC run, and in
// compare mode beside a W-prox run: the SVG parses as XML, and it carries each lane's sampler name and λ, every
// chart's legend, ticks on both axes and the axis titles, the exact E_q r line, and no NaN anywhere.
import '@tensorflow/tfjs';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/core/run';
import type { RunResult } from '../../../src/core/run';
import { DEFAULT_SCENARIO, parseScenario } from '../../../src/core/scenario';
import { figureSvg } from '../../../src/app/export/figureSvg';
import { runCharts } from '../../../src/app/export/runCharts';
import { tickText } from '../../../src/app/export/svgChart';

const SMC = parseScenario({ ...DEFAULT_SCENARIO, sampler: { kind: 'smc', lambda: 0.7 }, particles: 64, steps: 8, seed: 5 });
const WPROX = parseScenario({ ...SMC, sampler: { kind: 'w-prox', lambda: 2 } });
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let smc: RunResult;
let wprox: RunResult;

beforeAll(async () => {
  smc = await runScenario(SMC);
  wprox = await runScenario(WPROX);
});

function parse(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: (msg: string) => void errors.push(msg), fatalError: (msg: string) => void errors.push(msg) } }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc;
}

const texts = (root: { getElementsByTagName(n: string): ArrayLike<{ textContent: string | null }> }) => Array.from(root.getElementsByTagName('text')).map((t) => t.textContent ?? '');

function groups(doc: ReturnType<typeof parse>, cls: string) {
  return Array.from(doc.getElementsByTagName('g')).filter((g) => (g.getAttribute('class') ?? '').split(' ').includes(cls));
}

describe('the exported figure as SVG', () => {
  it('names the sampler with its λ, and draws every chart with legend, axes and axis titles', () => {
    const { svg, width, height } = figureSvg({
      title: 'SMC (λ = 0.7) on the fixture',
      lanes: [{ title: 'SMC (λ = 0.7)', color: '#0072B2', href: PIXEL }],
      charts: runCharts([{ name: 'SMC', color: '#0072B2', stats: smc.steps, particles: 64, exactMeanReward: 1.25 }], 8),
      footer: 'N = 64, K = 8 steps, seed 5',
    });
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    const doc = parse(svg);
    const root = doc.documentElement!;
    expect(root.getAttribute('width')).toBe(String(width));
    expect(root.getAttribute('height')).toBe(String(height));
    expect(texts(doc)).toContain('SMC (λ = 0.7)');
    expect(doc.getElementsByTagName('image')[0].getAttribute('href')).toBe(PIXEL);
    const charts = groups(doc, 'chart');
    expect(charts.map((c) => c.getAttribute('data-title'))).toEqual(['Mean reward r(x̂₀) per step', 'Log-weight variance per step', 'Effective sample size (fraction of N)']);
    const legends = charts.map((c) => texts(groups(c as never, 'legend')[0] as never));
    expect(legends[0]).toEqual(['SMC', 'exact E_q r = 1.25']);
    expect(legends[1]).toEqual(['incremental V_k', 'cumulative']);
    expect(legends[2]).toEqual(['SMC', 'resampled']);
    for (const chart of charts) {
      const x = texts(groups(chart as never, 'axis-x')[0] as never);
      const y = texts(groups(chart as never, 'axis-y')[0] as never);
      // Ticks: at least three numbers on each axis, then the axis title.
      expect(x.filter((t) => Number.isFinite(Number(t))).length).toBeGreaterThanOrEqual(3);
      expect(y.filter((t) => Number.isFinite(Number(t))).length).toBeGreaterThanOrEqual(3);
      expect(x).toContain('denoising step');
      // Each drawn series is a path with points.
      const paths = Array.from(chart.getElementsByTagName('path')).filter((p) => p.getAttribute('class') === 'series');
      expect(paths.length).toBeGreaterThanOrEqual(1);
    }
    expect(texts(groups(charts[2] as never, 'axis-y')[0] as never)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1', 'ESS / N']);
    // The reward line has one vertex per step.
    const reward = Array.from(charts[0].getElementsByTagName('path')).find((p) => p.getAttribute('class') === 'series')!;
    expect((reward.getAttribute('d') ?? '').match(/[ML]/g)).toHaveLength(8);
  });

  it('in compare mode shows both lanes by name and λ, and says n/a where neither lane has weights', () => {
    const both = runCharts(
      [
        { name: 'A: SMC', color: '#0072B2', stats: smc.steps, particles: 64, exactMeanReward: 1.25 },
        { name: 'B: W-prox', color: '#D55E00', stats: wprox.steps, particles: 64, exactMeanReward: null, noWeightsReason: 'W-prox moves samples, it does not weight them' },
      ],
      8,
    );
    const doc = parse(
      figureSvg({
        title: 'compare',
        lanes: [
          { title: 'A: SMC (λ = 0.7)', color: '#0072B2', href: PIXEL },
          { title: 'B: W-prox (λ_W = 2)', color: '#D55E00', href: PIXEL },
        ],
        charts: both,
      }).svg,
    );
    expect(texts(doc)).toEqual(expect.arrayContaining(['A: SMC (λ = 0.7)', 'B: W-prox (λ_W = 2)', 'A: SMC', 'B: W-prox']));
    expect(doc.getElementsByTagName('image')).toHaveLength(2);
    const alone = runCharts([{ name: 'W-prox', color: '#0072B2', stats: wprox.steps, particles: 64, exactMeanReward: null, noWeightsReason: 'no weights: W-prox transports' }], 8);
    const lone = parse(figureSvg({ title: 'w', lanes: [], charts: alone }).svg);
    expect(texts(lone)).toContain('n/a: no weights: W-prox transports');
  });

  it('escapes text and prints ticks with at most three significant digits', () => {
    const { svg } = figureSvg({ title: 'r = x < 1 & "y"', lanes: [], charts: [] });
    expect(texts(parse(svg))).toContain('r = x < 1 & "y"');
    expect([0, 0.25, 1.23456, 12345, 0.0001].map(tickText)).toEqual(['0', '0.25', '1.23', '1.2e4', '1e-4']);
  });
});
