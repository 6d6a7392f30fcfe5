/**
 * One figure's particle canvas: the shared scene painting (src/view/draw) fed from the figure's session and
 * store, redrawn by the figure's own loop when the step shown, the run or the size changes.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { LANE_COLOR } from '../view/palette';
import { paintScene, viewOf } from '../view/draw/paint';
import { useBackground } from '../view/draw/useBackground';
import { useTargetContours } from '../view/draw/useTargetContours';
import { useRedraw } from '../view/draw/useRedraw';
import { useElementWidth } from '../view/useElementWidth';
import { samplerView } from '../view/samplers';
import type { Figure } from './figure';

const NO_STEPS: ReadonlySet<number> = new Set();

export function FigureCanvas(props: { figure: Figure }) {
  const { figure } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementWidth(wrap);
  const run = useStore(figure.session.store);
  const cursor = useStore(figure.store, (s) => s.cursor);
  const scenario = useStore(figure.store, (s) => s.scenario);
  const model = scenario.model;
  const view = useMemo(() => viewOf(model), [model]);
  const background = useBackground(model, view);
  const target = useTargetContours(run.exact?.spec ?? null, view);
  const frameCount = run.frameCount;
  const index = Math.min(cursor, frameCount - 1);

  // Read at render time: the positions at `index` change as the run's frames arrive.
  const points = index >= 0 ? figure.session.frames.frame(index) : null;

  const draw = useCallback(() => {
    paintScene(canvas.current, size, {
      view,
      background,
      backgroundPoints: null,
      target,
      reward: scenario.reward,
      points,
      trails: null,
      resampledSteps: NO_STEPS,
      color: LANE_COLOR.a,
      trailCount: 0,
    });
  }, [size, view, background, target, scenario.reward, points]);
  useRedraw(figure.loop, draw);

  const isFinal = run.status === 'done' && index === frameCount - 1;
  const stats = index >= 0 && index < run.stats.length ? run.stats[index] : null;
  const caption = isFinal ? 'final samples' : stats ? `step ${index + 1} / ${scenario.steps} · t = ${stats.t.toFixed(3)}` : 'starting…';
  const sampler = samplerView(scenario.sampler.kind).label;
  return (
    <figure className="tiltlab__stage" data-testid="figure-canvas" data-step={index + 1} data-status={run.status} data-run-id={run.runId}>
      <div ref={wrap} className="tiltlab__canvas-wrap">
        <canvas
          ref={canvas}
          style={{ width: size, height: size }}
          role="img"
          aria-label={`Particles of ${sampler} over the base density${run.exact ? ', with the exact target as green contours' : ''}. ${caption}.`}
        />
        <span className="tiltlab__tag" aria-hidden="true">
          {sampler}
        </span>
        <span className="tiltlab__step" aria-hidden="true">
          {caption}
        </span>
      </div>
    </figure>
  );
}
