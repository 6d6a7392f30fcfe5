/**
 * The page's camera (view/draw/camera.ts), shared by both lanes, and the framing that feeds it: the window
 * fitted to the base density, the exact targets of the lanes on screen and their final particles
 * (view/draw/framing.ts). A new fit is taken when it is meaningful — a lane's run has started with its exact
 * target, every lane on screen has finished, or the model changed — so that the window does not wander back to
 * the base density and out again each time a run restarts.
 */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { ModelSpec } from '../core/scenario';
import { Camera } from '../view/draw/camera';
import type { CameraState } from '../view/draw/camera';
import { boxOfGmm, boxOfPoints, boxOfView, fitView } from '../view/draw/framing';
import type { Box } from '../view/draw/framing';
import { viewOf } from '../view/draw/paint';
import { DEFAULT_VIEW } from '../view/draw/view';
import type { LaneRun } from '../view/session/laneRun';
import { laneSessions, redrawLoop, shownLanes, useLane } from './runControl';
import { useApp } from './store';

export const pageCamera = new Camera(DEFAULT_VIEW, () => redrawLoop.invalidate());

/** The camera's state (or a slice of it) in a component. */
export function useCamera<T>(select: (s: CameraState) => T): T {
  return useStore(pageCamera.store, select);
}

/** Whether a lane's run says enough about where its particles go to be framed now. */
function framable(run: LaneRun): boolean {
  return run.status === 'done' || (run.status === 'running' && run.exact !== null);
}

/** The final particles of a finished lane (its last display frame). */
function finalParticles(lane: 'a' | 'b', run: LaneRun): Float32Array | null {
  if (run.status !== 'done' || run.frameCount === 0) return null;
  return laneSessions[lane].frames.frame(run.frameCount - 1);
}

/** Keeps the camera's fitted window up to date; mount once, in the stage. */
export function useStageFraming(model: ModelSpec): void {
  const compare = useApp((s) => s.compare);
  const learnedView = useApp((s) => (model.kind === 'mlp' ? s.learnedViews[model.name] : undefined));
  const runA = useLane('a', (r) => r);
  const runB = useLane('b', (r) => r);
  const lastModel = useRef<string | null>(null);

  useEffect(() => redrawLoop.add((now) => pageCamera.tick(now)), []);

  useEffect(() => {
    const base = viewOf(model, learnedView);
    const modelKey = JSON.stringify(model);
    const modelChanged = lastModel.current !== null && lastModel.current !== modelKey;
    const lanes = shownLanes({ compare });
    const runs = { a: runA, b: runB };
    // A lane still starting, or running without a known target, would only pull the window back to the base.
    if (!modelChanged && lastModel.current !== null && !lanes.every((l) => framable(runs[l]))) return;
    lastModel.current = modelKey;
    const boxes: Array<Box | null> = [boxOfView(base)];
    for (const l of lanes) {
      const run = runs[l];
      if (modelChanged && run.scenario && JSON.stringify(run.scenario.model) !== modelKey) continue;
      boxes.push(run.exact ? boxOfGmm(run.exact.spec) : null, boxOfPoints(finalParticles(l, run)));
    }
    // A new model is a new picture: leave any pan or zoom of the old one.
    if (modelChanged && pageCamera.state.mode === 'manual') pageCamera.fit();
    pageCamera.setFitted(fitView(boxes, base));
  }, [model, learnedView, compare, runA, runB]);
}
