/** One figure's particle canvas: the app's scene drawing (draw/scene.ts) fed from the figure's own state. */
import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { densityImage, drawScene } from '../app/draw/scene';
import { DEFAULT_VIEW, transformFor, viewForModel } from '../app/draw/view';
import { densityShade, LANE_COLOR } from '../app/palette';
import { SAMPLER_LABEL } from '../view/presets';
import type { Figure } from './figure';
import { frameAt } from './figureStore';
import { useElementWidth } from '../app/components/useElementWidth';

const BACKGROUND_CELLS = 160;

export function FigureCanvas(props: { figure: Figure }) {
  const { figure } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementWidth(wrap);
  const run = useStore(figure.store, (s) => s.lanes.a);
  const cursor = useStore(figure.store, (s) => s.cursor);
  const frameCount = useStore(figure.store, (s) => s.frameCount);
  const scenario = useStore(figure.store, (s) => s.scenario);
  const model = scenario.model;
  const view = useMemo(() => (model.kind === 'gmm' ? viewForModel(model) : DEFAULT_VIEW), [model]);
  const background = useMemo(
    () => (model.kind === 'gmm' ? densityImage({ weights: model.weights, means: model.means as never, covs: model.covs as never }, view, BACKGROUND_CELLS, densityShade) : null),
    [model, view],
  );
  const index = Math.min(cursor, frameCount - 1);

  useEffect(() => {
    const el = canvas.current;
    if (!el || size === 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (el.width !== Math.round(size * dpr)) {
      el.width = Math.round(size * dpr);
      el.height = Math.round(size * dpr);
    }
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawScene(ctx, {
      size,
      view,
      transform: transformFor(view, size),
      background,
      backgroundPoints: null,
      target: run.exact?.spec ?? null,
      reward: scenario.reward,
      points: index >= 0 ? frameAt(figure.frames, index) : null,
      trails: null,
      resampledSteps: new Set(),
      color: LANE_COLOR.a,
      trailCount: 0,
    });
  }, [figure, size, view, background, run.exact, scenario.reward, index, frameCount]);

  const isFinal = run.status === 'done' && index === frameCount - 1;
  const stats = index >= 0 && index < run.stats.length ? run.stats[index] : null;
  const caption = isFinal ? 'final samples' : stats ? `step ${index + 1} / ${scenario.steps} · t = ${stats.t.toFixed(3)}` : 'starting…';
  const sampler = SAMPLER_LABEL[scenario.sampler.kind];
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
