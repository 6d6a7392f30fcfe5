/**
 * One lane's particle canvas: a plain HiDPI <canvas> redrawn when the step shown, the run or the view
 * changes (never thousands of DOM nodes). A click places the reward's target point, or adds a data point
 * while the data panel is in drawing mode.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { MouseEvent } from 'react';
import type { Lane } from '../../engine/messages';
import { displayFrame, stepFramesUpTo } from '../frameBuffer';
import { markParticlesPainted } from '../firstPaint';
import { densityShade, LANE_COLOR } from '../palette';
import { densityImage, drawScene } from '../draw/scene';
import { DEFAULT_VIEW, transformFor, viewForModel } from '../draw/view';
import { SAMPLER_LABEL } from '../../view/presets';
import { actions } from '../actions';
import { useApp } from '../store';
import { useElementWidth } from './useElementWidth';

const BACKGROUND_CELLS = 160;
const TRAIL_COUNT = 60;

let firstFrameMarked = false;
let movingMarked = false;

/** Marks for the measurement script: first particles on screen, and the first step after that. */
function markFirstFrames(index: number): void {
  if (!firstFrameMarked) {
    firstFrameMarked = true;
    performance.mark('tiltlab:first-particles');
  }
  if (!movingMarked && index >= 1) {
    movingMarked = true;
    performance.mark('tiltlab:particles-moving');
    markParticlesPainted();
  }
}

export function ParticleCanvas(props: { lane: Lane }) {
  const { lane } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementWidth(wrap);
  const run = useApp((s) => s.lanes[lane]);
  const cursor = useApp((s) => s.cursor);
  const trails = useApp((s) => s.trails);
  const reward = useApp((s) => s.scenario.reward);
  const editedModel = useApp((s) => s.scenario.model);
  const drawing = useApp((s) => s.data.drawing);
  const userPoints = useApp((s) => s.data.points);
  const model = run.scenario?.model ?? editedModel;
  const learnedView = useApp((s) => (model.kind === 'mlp' ? s.learnedViews[model.name] : undefined));
  const learnedData = useApp((s) => (model.kind === 'mlp' ? s.learnedData[model.name] : undefined));
  const view = useMemo(() => (model.kind === 'gmm' ? viewForModel(model) : (learnedView ?? DEFAULT_VIEW)), [model, learnedView]);
  const background = useMemo(
    () => (model.kind === 'gmm' ? densityImage({ weights: model.weights, means: model.means as never, covs: model.covs as never }, view, BACKGROUND_CELLS, densityShade) : null),
    [model, view],
  );
  const index = Math.min(cursor, run.frameCount - 1);
  const resampledSteps = useMemo(() => new Set(run.stats.flatMap((st, i) => (st.resampled ? [i] : []))), [run.stats]);

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
    const points = drawing ? userPoints : index >= 0 ? displayFrame(lane, index) : null;
    drawScene(ctx, {
      size,
      view,
      transform: transformFor(view, size),
      background,
      backgroundPoints: drawing ? null : (learnedData ?? null),
      target: drawing ? null : (run.exact?.spec ?? null),
      reward: drawing ? null : reward,
      points,
      trails: trails && !drawing && index >= 1 ? stepFramesUpTo(lane, index) : null,
      resampledSteps,
      color: drawing ? '#1b1f24' : LANE_COLOR[lane],
      trailCount: TRAIL_COUNT,
    });
    if (points && !drawing) markFirstFrames(index);
  }, [size, view, background, learnedData, run.exact, run.frameCount, index, trails, resampledSteps, reward, lane, drawing, userPoints]);

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const [x, y] = transformFor(view, rect.width).toPlane(e.clientX - rect.left, e.clientY - rect.top);
    const p: [number, number] = [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
    if (drawing) actions.addDataPoint(p);
    else actions.placeTarget(p);
  };

  const stats = index >= 0 && index < run.stats.length ? run.stats[index] : null;
  const isFinal = run.status === 'done' && index === run.frameCount - 1;
  const samplerKind = run.scenario?.sampler.kind;
  const caption = drawing
    ? `Drawing data: ${userPoints ? userPoints.length / 2 : 0} points — click to add`
    : isFinal
      ? 'final samples'
      : stats
        ? `step ${index + 1} / ${run.scenario?.steps ?? '…'} · t = ${stats.t.toFixed(3)}`
        : run.status === 'starting' || run.status === 'running'
          ? 'starting…'
          : '';

  return (
    <figure className="stage__figure" data-testid={`canvas-${lane}`} data-step={index + 1} data-status={run.status} data-run-id={run.runId}>
      <div ref={wrap} className="stage__canvas-wrap">
        <canvas
          ref={canvas}
          className={drawing ? 'is-drawing' : ''}
          style={{ width: size, height: size }}
          onClick={onClick}
          role="img"
          aria-label={`Particles of ${samplerKind ? SAMPLER_LABEL[samplerKind] : 'the sampler'} over the base density${run.exact ? ', with the exact target as green contours' : ''}. ${caption}.`}
        />
        <div className="stage__overlay" aria-hidden="true">
          {samplerKind && !drawing && (
            <span className="stage__tag" style={{ borderColor: LANE_COLOR[lane], color: LANE_COLOR[lane] }}>
              {SAMPLER_LABEL[samplerKind]}
            </span>
          )}
          <span className="stage__step">{caption}</span>
        </div>
      </div>
    </figure>
  );
}
