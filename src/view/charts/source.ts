/**
 * What the charts read, and one way to build it from several stores. The page keeps its runs in one store
 * per lane plus the page store (cursor, compare mode); a figure in one run store plus its own; the charts
 * want one snapshot of all that. `derivedSource` reads the snapshot afresh when any of its stores changes
 * and keeps the same object while no field changed (shallow equality), so subscribers can compare fields.
 */
import type { Lane } from '../../engine/messages';
import type { LaneRun } from '../session/laneRun';

export interface ChartState {
  /** Lane b is shown beside lane a. */
  compare: boolean;
  a: LaneRun;
  b: LaneRun;
  /** The playback cursor: the charts show the steps up to it. */
  cursor: number;
  playing: boolean;
  /** Steps K of the run shown (the x axis). */
  steps: number;
}

export function chartLanes(s: Pick<ChartState, 'compare'>): Lane[] {
  return s.compare ? ['a', 'b'] : ['a'];
}

export interface ReadableSource<T> {
  getState(): T;
  subscribe(listener: (state: T, prev: T) => void): () => void;
}

export type ChartSource = ReadableSource<ChartState>;

interface Subscribable {
  subscribe(listener: () => void): () => void;
}

function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as Array<keyof T>;
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

export function derivedSource<T extends object>(stores: readonly Subscribable[], read: () => T): ReadableSource<T> {
  let cached = read();
  const current = (): T => {
    const next = read();
    if (!shallowEqual(next, cached)) cached = next;
    return cached;
  };
  return {
    getState: current,
    subscribe(listener) {
      let prev = current();
      const onChange = () => {
        const next = current();
        if (next === prev) return;
        const was = prev;
        prev = next;
        listener(next, was);
      };
      const offs = stores.map((s) => s.subscribe(onChange));
      return () => offs.forEach((off) => off());
    },
  };
}
