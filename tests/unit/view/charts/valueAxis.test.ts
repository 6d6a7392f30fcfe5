/**
 * The charts' value axes (src/view/charts/valueAxis.ts): ticks, range and width worked out by hand for each case.
 * The measure is 10 px per character, so a width is 10 × (longest label) + 12 (tick mark, gap, air).
 */
import { describe, expect, it } from 'vitest';
import { FRACTION_LABELS, labelsWidth, tickStep, valueAxis } from '../../../../src/view/charts/valueAxis';

const measure = (label: string) => 10 * label.length;
const plain = (v: number) => String(v);

describe('tickStep', () => {
  it('is the smallest 1, 2 or 5 × 10^k step giving at most the intervals asked', () => {
    expect(tickStep(1.5, 4)).toBe(0.5); // 0.375 → 0.5
    expect(tickStep(2.8, 4)).toBe(1); // 0.7 → 1
    expect(tickStep(8, 4)).toBe(2); // exactly 2
    expect(tickStep(0.0031, 4)).toBeCloseTo(0.001, 15); // 0.000775 → 0.001
    expect(tickStep(0, 4)).toBe(1);
  });
});

describe('valueAxis', () => {
  it('rounds the data out to ticks of the step and sizes the axis for the longest label', () => {
    const axis = valueAxis([0.2, 1.7], plain, measure);
    expect(axis.ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(axis.domain).toEqual([0, 2]);
    expect(axis.width).toBe(42); // "0.5" and "1.5": 3 characters
  });

  it('starts at the fixed lower end, skips missing values and writes clean decimals', () => {
    const axis = valueAxis([null, 0.0031, Number.NaN, undefined, 0.0012], plain, measure, 0);
    expect(axis.ticks).toEqual([0, 0.001, 0.002, 0.003, 0.004]); // not 0.0030000000000000005
    expect(axis.domain).toEqual([0, 0.004]);
    expect(axis.width).toBe(62); // "0.001": 5 characters
  });

  it('covers negative data and never writes "-0"', () => {
    const axis = valueAxis([-3.2, -0.4], plain, measure);
    expect(axis.ticks).toEqual([-4, -3, -2, -1, 0]);
    expect(Object.is(axis.ticks[4], 0)).toBe(true);
  });

  it('gives a constant series a span around its value, and no data the unit interval', () => {
    expect(valueAxis([5, 5], plain, measure).ticks).toEqual([4.5, 5, 5.5]);
    expect(valueAxis([], plain, measure).ticks).toEqual([0, 0.5, 1]);
    expect(valueAxis([0, 0], plain, measure, 0).ticks).toEqual([0, 0.5, 1]);
  });

  it('keeps every value inside the range', () => {
    const values = [0.013, 2.71, 1.1, -0.6];
    const { domain } = valueAxis(values, plain, measure);
    for (const v of values) expect(v >= domain[0] && v <= domain[1]).toBe(true);
  });
});

describe('labelsWidth', () => {
  it('is the longest label plus 12 px', () => {
    expect(labelsWidth(FRACTION_LABELS, measure)).toBe(52); // "0.25", "0.75"
    expect(labelsWidth([], measure)).toBe(12);
  });
});
