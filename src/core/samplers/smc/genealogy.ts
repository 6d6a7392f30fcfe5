/**
 * The genealogy of an SMC run (algorithms.md §5.6): which particles of each step have descendants among the final
 * particles (the weighted set after the run's last resampling), and the lineages that join them.
 *
 * Indices are constant between resamplings; at a resampling at grid index k, particle j after it descends from
 * particle ancestors[j] before it. Walking from the end (k = 0) back to the start (k = K) maps the surviving set
 * through each resampling in turn; its size can only fall.
 */
import type { Genealogy } from '../../types';

/**
 * count[k] = number of distinct particles at step k (after its resampling, if any) with a descendant among the
 * final particles; count[k] = N for every step after the last resampling.
 */
export function survivingLineages(g: Genealogy, n: number, K: number): Int32Array {
  const counts = new Int32Array(K + 1);
  const byStep = eventsByStep(g);
  let alive = new Uint8Array(n).fill(1);
  let size = n;
  for (let k = 0; k <= K; k++) {
    counts[k] = size;
    const ancestors = byStep.get(k);
    if (!ancestors) continue;
    const before = new Uint8Array(n);
    size = 0;
    for (let j = 0; j < n; j++) {
      if (alive[j] && !before[ancestors[j]]) {
        before[ancestors[j]] = 1;
        size++;
      }
    }
    alive = before;
  }
  return counts;
}

/** One lineage edge in (step, particle index) coordinates: from (kFrom, from) to (kTo, to), kFrom > kTo. */
export interface LineageEdge {
  kFrom: number;
  from: number;
  kTo: number;
  to: number;
}

/**
 * The lineages of the final particles `finals` (indices, default all) as edges: a jump over one step at each
 * resampling from a surviving particle's ancestor to it, and a level run of the index between resamplings.
 * Each edge is listed once however many final particles share it.
 */
export function lineageEdges(g: Genealogy, n: number, K: number, finals?: ArrayLike<number>): LineageEdge[] {
  const edges: LineageEdge[] = [];
  const byStep = eventsByStep(g);
  let alive = new Uint8Array(n);
  if (finals) for (let i = 0; i < finals.length; i++) alive[finals[i]] = 1;
  else alive.fill(1);
  // Level runs end at `runEnd` (the step after the later resampling, or 0) and start at the earlier resampling.
  let runEnd = 0;
  for (let k = 0; k <= K; k++) {
    const ancestors = byStep.get(k);
    if (!ancestors && k < K) continue;
    for (let j = 0; j < n; j++) if (alive[j] && k > runEnd) edges.push({ kFrom: k, from: j, kTo: runEnd, to: j });
    if (!ancestors) break;
    const before = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      if (!alive[j]) continue;
      edges.push({ kFrom: k + 1, from: ancestors[j], kTo: k, to: j });
      before[ancestors[j]] = 1;
    }
    alive = before;
    runEnd = k + 1;
    if (k === K) break;
  }
  return edges;
}

function eventsByStep(g: Genealogy): Map<number, Int32Array> {
  const map = new Map<number, Int32Array>();
  g.steps.forEach((k, e) => map.set(k, g.ancestors[e]));
  return map;
}
