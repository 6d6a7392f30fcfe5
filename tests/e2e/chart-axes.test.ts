/**
 * The charts' axes, laid out before drawing with nothing measured in the DOM (src/view/charts/valueAxis.ts, plot/axes.ts): at a
 * laptop and a phone width, for the default KL-tilt run and an SMC run (whose workbench adds a log axis), every
 * tick label lies inside its chart, no two labels of an axis overlap, each value axis has at least three labels,
 * and the value labels read as the numbers of their ticks.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, stopOwnServer, waitPlayed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

interface AxisReport {
  chart: string;
  axis: 'x' | 'y';
  labels: string[];
  outside: string[];
  overlaps: string[];
}

/** Every axis of every chart on the page: its labels, the ones outside the chart's svg, and overlapping pairs. */
async function axes(page: Page): Promise<AxisReport[]> {
  return page.$$eval('figure.chart, [data-testid=chart-lineages]', (figures) =>
    figures.flatMap((figure) => {
      const svg = figure.querySelector('svg.plot');
      if (!svg) return [];
      const box = svg.getBoundingClientRect();
      return (['x', 'y'] as const).map((axis) => {
        const texts = [...figure.querySelectorAll(`.plot__axis--${axis} .plot__tick-label`)];
        const rects = texts.map((t) => t.getBoundingClientRect());
        const labels = texts.map((t) => t.textContent ?? '');
        const outside = labels.filter((_, i) => rects[i].left < box.left - 0.5 || rects[i].right > box.right + 0.5 || rects[i].top < box.top - 0.5 || rects[i].bottom > box.bottom + 0.5);
        const overlaps: string[] = [];
        for (let i = 0; i < rects.length; i++)
          for (let j = i + 1; j < rects.length; j++) {
            const a = rects[i];
            const b = rects[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(`${labels[i]} / ${labels[j]}`);
          }
        return { chart: figure.getAttribute('data-testid') ?? '?', axis, labels, outside, overlaps };
      });
    }),
  );
}

function check(reports: AxisReport[], where: string): void {
  assert.ok(reports.length >= 6, `${where}: three charts with two axes each (got ${reports.length})`);
  for (const r of reports) {
    const name = `${where}, ${r.chart} ${r.axis}`;
    assert.deepEqual(r.outside, [], `${name}: labels outside the chart`);
    assert.deepEqual(r.overlaps, [], `${name}: overlapping labels`);
    assert.ok(r.labels.length >= 2, `${name}: at least two labels (${r.labels.join(', ')})`);
    if (r.axis === 'y' && r.chart !== 'chart-lineages') {
      assert.ok(r.labels.length >= 3, `${name}: at least three value labels (${r.labels.join(', ')})`);
      for (const label of r.labels) assert.ok(Number.isFinite(Number(label)), `${name}: "${label}" is a number`);
      const values = r.labels.map(Number);
      for (let i = 1; i < values.length; i++) assert.ok(values[i] !== values[i - 1], `${name}: no repeated label`);
    }
  }
}

const SMC = `#scenario=${encodeURIComponent(JSON.stringify({ model: { kind: 'gmm', weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [[[0.3, 0], [0, 0.3]], [[0.3, 0], [0, 0.3]]] }, reward: { kind: 'linear', theta: [1.5, 0] }, sampler: { kind: 'smc', lambda: 0.5, potential: 'diff', resampling: 'systematic', essThreshold: 0.5 }, particles: 512, steps: 60, seed: 3 }))}`;

for (const [width, height] of [[1280, 720], [390, 844]]) {
  test(`axis labels fit their charts at ${width}×${height}: the default run and an SMC run`, async () => {
    const s = await openApp(browser, { width, height });
    await waitPlayed(s.page);
    await s.page.waitForSelector('[data-testid=chart-ess] .plot__axis--y .plot__tick-label');
    check(await axes(s.page), `${width} px, default run`);
    await s.page.goto(new URL(SMC, s.page.url()).href);
    await s.page.reload();
    await waitPlayed(s.page);
    await s.page.waitForSelector('[data-testid=chart-lineages] .plot__axis--y .plot__tick-label', { timeout: 30_000 });
    check(await axes(s.page), `${width} px, SMC run`);
    assert.deepEqual(s.errors, []);
    await s.context.close();
  });
}
