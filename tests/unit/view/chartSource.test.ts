/**
 * derivedSource (src/view/charts/source.ts): one snapshot over several stores, the same object while no field
 * changed (so the charts can compare fields), and a listener told once per real change with the state before.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { derivedSource } from '../../../src/view/charts/source';

describe('derivedSource', () => {
  it('reads across stores, keeps the snapshot while nothing changed, and reports real changes only', () => {
    const page = createStore(() => ({ cursor: 0, other: 'x' }));
    const lane = createStore(() => ({ stats: [] as number[] }));
    const source = derivedSource([page, lane], () => ({
      cursor: page.getState().cursor,
      stats: lane.getState().stats,
    }));
    const first = source.getState();
    expect(source.getState()).toBe(first);
    const seen: Array<[number, number]> = [];
    source.subscribe((s, prev) => seen.push([prev.cursor, s.cursor]));
    page.setState({ other: 'y' }); // not read: no change
    expect(seen).toEqual([]);
    expect(source.getState()).toBe(first);
    page.setState({ cursor: 3 });
    lane.setState({ stats: [1] });
    expect(seen).toEqual([
      [0, 3],
      [3, 3],
    ]);
    expect(source.getState().stats).toEqual([1]);
  });
});
