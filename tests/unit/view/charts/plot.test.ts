/**
 * The line charts' geometry (src/view/charts/plot): pixel positions worked out by hand for small inputs — the plot
 * area inside the axes, gaps and joined gaps, step curves, a log axis, marks and reference lines — and the axes'
 * ticks (integer steps, log decades).
 */
import { describe, expect, test } from 'vitest';
import { integerAxis, integerTicks, logAxis } from '../../../../src/view/charts/plot/axes';
import { plotGeometry } from '../../../../src/view/charts/plot/geometry';
import type { PlotInput } from '../../../../src/view/charts/plot/geometry';

/** 200 × 100 pixels, no margin, a 20 px value axis and a 20 px step axis: the plot is x 20…200, y 0…80. */
function input(over: Partial<PlotInput>): PlotInput {
  return {
    width: 200,
    height: 100,
    margin: { top: 0, right: 0, bottom: 0, left: 0 },
    xs: [1, 2, 3],
    xDomain: [1, 3],
    xTicks: [1, 2, 3],
    xHeight: 20,
    y: { domain: [0, 1], ticks: [0, 0.5, 1], width: 20 },
    lines: [],
    ...over,
  };
}

describe('plotGeometry', () => {
  test('the plot area lies inside the axes and the ticks sit on the scales', () => {
    const g = plotGeometry(input({ margin: { top: 5, right: 10, bottom: 4, left: 2 } }));
    expect([g.left, g.right, g.top, g.bottom]).toEqual([22, 190, 5, 76]);
    expect(g.xTicks).toEqual([
      { value: 1, at: 22 },
      { value: 2, at: 106 },
      { value: 3, at: 190 },
    ]);
    expect(g.yTicks.map((t) => t.at)).toEqual([76, 40.5, 5]);
  });

  test('a null breaks the line; connectGaps joins across it', () => {
    const values = [0, null, 1];
    expect(plotGeometry(input({ lines: [{ key: 'a', color: '#000', values }] })).paths[0].d).toBe('M20 80M200 0');
    expect(plotGeometry(input({ lines: [{ key: 'a', color: '#000', values, connectGaps: true }] })).paths[0].d).toBe('M20 80L200 0');
  });

  test('a line with no drawable value has no path; NaN and Infinity are gaps', () => {
    const g = plotGeometry(input({ lines: [{ key: 'a', color: '#000', values: [null, Number.NaN, Infinity] }] }));
    expect(g.paths).toEqual([]);
  });

  test('a step-after curve holds each value until the next x', () => {
    const g = plotGeometry(input({ xs: [1, 2, 3], lines: [{ key: 'a', color: '#000', values: [1, 0.5, 0], curve: 'step-after' }] }));
    expect(g.paths[0].d).toBe('M20 0L110 0L110 40L200 40L200 80');
  });

  test('a log axis places 10 halfway between 1 and 100 and leaves values ≤ 0 out', () => {
    const g = plotGeometry(
      input({
        y: { log: true, domain: [1, 100], ticks: [1, 10, 100], width: 20 },
        lines: [{ key: 'a', color: '#000', values: [10, 0, 100] }],
        references: [{ y: -1, color: '#111' }, { y: 10, color: '#222' }],
      }),
    );
    expect(g.yTicks.map((t) => t.at)).toEqual([80, 40, 0]);
    expect(g.paths[0].d).toBe('M20 40M200 0');
    expect(g.references.map((r) => [r.color, r.at])).toEqual([['#222', 40]]);
  });

  test('marks are placed at the drawable values only, and `line: false` draws no path', () => {
    const g = plotGeometry(input({ lines: [{ key: 'r', color: '#e69f00', values: [null, 0.5, null], marks: 'triangle', line: false }] }));
    expect(g.paths).toEqual([]);
    expect(g.marks).toEqual([{ key: 'r', color: '#e69f00', shape: 'triangle', points: [[110, 40]] }]);
  });

  test('a degenerate domain or a box too small for its axes still gives finite positions', () => {
    const g = plotGeometry(input({ width: 10, height: 10, xDomain: [2, 2], y: { domain: [3, 3], ticks: [3], width: 20 }, lines: [{ key: 'a', color: '#000', values: [3, 3, 3] }] }));
    expect(g.right).toBeGreaterThan(g.left);
    expect(g.bottom).toBeGreaterThan(g.top);
    expect(g.paths[0].d).not.toMatch(/NaN|Infinity/);
  });
});

describe('integer axes', () => {
  test('ticks are whole numbers in steps of 1, 2 or 5 × 10^k', () => {
    expect(integerTicks(1, 100)).toEqual([20, 40, 60, 80, 100]);
    expect(integerTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(integerTicks(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(integerTicks(1, 3)).toEqual([1, 2, 3]);
    expect(integerTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(integerTicks(1, 37)).toEqual([10, 20, 30]);
  });

  test('a one-point axis is widened to [first, first + 1]', () => {
    expect(integerAxis(1, 1, 20)).toEqual({ xDomain: [1, 2], xTicks: [1, 2], xHeight: 20 });
  });
});

describe('logAxis', () => {
  const width = (label: string) => label.length * 6;
  test('spans the decades around the positive values', () => {
    expect(logAxis([0.5, 30, -2, null], String, width)).toMatchObject({ log: true, domain: [0.1, 100], ticks: [0.1, 1, 10, 100] });
  });

  test('labels the 2s and 5s when fewer than three decades would be labelled', () => {
    expect(logAxis([2, 8], String, width)).toMatchObject({ domain: [1, 10], ticks: [1, 2, 5, 10] });
  });

  test('a fixed range keeps its ends; no positive value gives [1, 10]', () => {
    expect(logAxis([], String, width, [1, 2048])).toMatchObject({ domain: [1, 2048], ticks: [1, 10, 100, 1000] });
    expect(logAxis([0, null], String, width)).toMatchObject({ domain: [1, 10], ticks: [1, 2, 5, 10] });
  });

  test('its width fits the longest label and the tick mark', () => {
    expect(logAxis([], String, width, [1, 2048]).width).toBe(4 * 6 + 12);
  });
});
