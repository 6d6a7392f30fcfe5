/**
 * One lane's particle canvas: a plain HiDPI <canvas> (never thousands of DOM nodes), painted from the lane's
 * session — its run and its frames — by the page's redraw loop when the step shown, the run or the view
 * changes, at most once per animation frame, in the window of the page's camera (shared by both lanes). A drag
 * pans, the wheel or a pinch zooms, the keys pan and zoom (useCanvasGestures). A click moves the quadratic
 * reward's target point c (any other reward is left alone); while the data panel is in drawing mode a click adds a
 * data point and a drag adds points along its path, one every DRAW_SPACING_PX (Shift-drag pans there). A run that
 * has no picture of its own (it failed or was stopped before its first step) shows the lane's last good picture,
 * with the failure said over it (RunProblem).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { MouseEvent, PointerEvent } from 'react';
import type { Lane } from '../../engine/messages';
import { markParticlesPainted, useAfterFirstParticles } from '../firstPaint';
import { LANE_COLOR } from '../../view/palette';
import { paintScene } from '../../view/draw/paint';
import { useBackground } from '../../view/draw/useBackground';
import { useTargetContours } from '../../view/draw/useTargetContours';
import { transformFor } from '../../view/draw/view';
import { useRedraw } from '../../view/draw/useRedraw';
import { useElementWidth } from '../../view/useElementWidth';
import { samplerView } from '../../view/samplers';
import { actions } from '../actions';
import { laneSessions, redrawLoop, useLane } from '../runControl';
import { useCamera } from '../stageCamera';
import { RunProblem } from './RunProblem';
import { useCanvasGestures } from './useCanvasGestures';
import type { GmmSpec } from '../../core/types';
import { useApp } from '../store';
import { USER_POINT_LIMITS } from '../../core/datasets/userPoints';

const TRAIL_COUNT = 60;
/** A drag in drawing mode adds a point each time the pointer has moved this far (CSS pixels) from the last one. */
const DRAW_SPACING_PX = 6;

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
  const session = laneSessions[lane];
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementWidth(wrap);
  const run = useLane(lane, (r) => r);
  const cursor = useApp((s) => s.cursor);
  const trails = useApp((s) => s.trails);
  const reward = useApp((s) => s.scenario.reward);
  const editedModel = useApp((s) => s.scenario.model);
  const drawing = useApp((s) => s.data.drawing);
  const userPoints = useApp((s) => s.data.points);
  const model = run.scenario?.model ?? editedModel;
  const learnedData = useApp((s) => (model.kind === 'mlp' ? s.learnedData[model.name] : undefined));
  const view = useCamera((c) => c.view);
  const background = useBackground(model, view);
  const index = Math.min(cursor, run.frameCount - 1);
  const resampledSteps = useMemo(() => new Set(run.stats.flatMap((st, i) => (st.resampled ? [i] : []))), [run.stats]);
  const gestures = useCanvasGestures(canvas);

  // Read at render time: the positions at `index` can change as frames arrive (a big run keeps every stride-th step).
  const ownPoints = drawing ? userPoints : index >= 0 ? session.frames.frame(index) : null;
  // The lane's last finished picture, kept for a run that fails or stops before drawing one of its own.
  const [lastGood, setLastGood] = useState<{ points: Float32Array; target: GmmSpec | null } | null>(null);
  const finalFrame = run.status === 'done' && run.frameCount > 0 ? session.frames.frame(run.frameCount - 1) : null;
  const finalTarget = run.exact?.spec ?? null;
  // Adjusting state while rendering, React's pattern for remembering something from an earlier render.
  if (finalFrame && lastGood?.points !== finalFrame) setLastGood({ points: finalFrame, target: finalTarget });
  const failedBlank = !drawing && !ownPoints && (run.status === 'error' || run.status === 'cancelled');
  const showingLastGood = failedBlank && lastGood !== null;
  const points = showingLastGood ? lastGood.points : ownPoints;
  // The exact target's contours join the picture once the first particles move, not with them, and the page's first
  // ones are computed in a task of their own (useTargetContours): run cold, that computation would hold up a frame.
  const contoursShown = useAfterFirstParticles();
  const target = useTargetContours(drawing || !contoursShown ? null : showingLastGood ? lastGood.target : (run.exact?.spec ?? null), view);

  const draw = useCallback(() => {
    const painted = paintScene(canvas.current, size, {
      view,
      background,
      backgroundPoints: drawing ? null : (learnedData ?? null),
      target,
      reward: drawing ? null : reward,
      points,
      trails: trails && !drawing && !showingLastGood && index >= 1 ? session.frames.stepFramesUpTo(index) : null,
      resampledSteps,
      color: drawing ? '#1b1f24' : LANE_COLOR[lane],
      trailCount: TRAIL_COUNT,
      // Axis labels follow the page's type size (larger in presentation mode); 15 px is the page's base.
      labelPx: Math.round((11 * parseFloat(getComputedStyle(document.documentElement).fontSize || '15')) / 15),
    });
    if (painted && points && !drawing && !showingLastGood) markFirstFrames(index);
  }, [session, size, view, background, learnedData, target, points, index, trails, resampledSteps, reward, lane, drawing, showingLastGood]);
  useRedraw(redrawLoop, draw);

  const planePoint = (clientX: number, clientY: number, rect: DOMRect): [number, number] => {
    const [x, y] = transformFor(view, rect.width).toPlane(clientX - rect.left, clientY - rect.top);
    return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
  };

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    // A drag that panned ends in a click: it moves nothing. In drawing mode the pointer handlers add the points.
    if (gestures.consumeDragClick() || drawing) return;
    actions.placeTarget(planePoint(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect()));
  };

  // Drawing: the press adds one point, then the drag adds one every DRAW_SPACING_PX along its path.
  const stroke = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (gestures.onPointerDown(e, drawing)) {
      stroke.current = null; // a second finger turns a stroke into a pinch
      return;
    }
    if (!drawing || e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    stroke.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY };
    actions.addDataPoint(planePoint(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect()));
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (gestures.onPointerMove(e)) return;
    const last = stroke.current;
    if (!drawing || !last || last.pointerId !== e.pointerId) return;
    const rect = e.currentTarget.getBoundingClientRect();
    // Coalesced events keep a fast drag's path; points are laid every DRAW_SPACING_PX along each segment.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    const samples = events.length > 0 ? events.map((c) => [c.clientX, c.clientY] as const) : [[e.clientX, e.clientY] as const];
    for (const [cx, cy] of samples) {
      const dx = cx - last.x;
      const dy = cy - last.y;
      const dist = Math.hypot(dx, dy);
      const n = Math.floor(dist / DRAW_SPACING_PX);
      for (let i = 1; i <= n; i++) {
        const px = last.x + (dx * i * DRAW_SPACING_PX) / dist;
        const py = last.y + (dy * i * DRAW_SPACING_PX) / dist;
        actions.addDataPoint(planePoint(px, py, rect)); // at the limit this reports it and adds nothing
        if ((useApp.getState().data.points?.length ?? 0) / 2 >= USER_POINT_LIMITS.max) {
          stroke.current = null; // the data are full: the rest of this drag adds nothing
          return;
        }
      }
      if (n > 0) {
        last.x += (dx * n * DRAW_SPACING_PX) / dist;
        last.y += (dy * n * DRAW_SPACING_PX) / dist;
      }
    }
  };
  const endStroke = (e: PointerEvent<HTMLCanvasElement>) => {
    gestures.onPointerEnd(e);
    if (stroke.current?.pointerId === e.pointerId) stroke.current = null;
  };

  const stats = index >= 0 && index < run.stats.length ? run.stats[index] : null;
  const isFinal = run.status === 'done' && index === run.frameCount - 1;
  const samplerKind = run.scenario?.sampler.kind;
  const caption = drawing
    ? `Drawing data: ${userPoints ? userPoints.length / 2 : 0} points — click or drag to add`
    : showingLastGood || run.failedBehind !== null
      ? 'last good picture'
      : isFinal
      ? 'final samples'
      : stats
        ? `step ${index + 1} / ${run.scenario?.steps ?? '…'} · t = ${stats.t.toFixed(3)}`
        : run.status === 'starting' || run.status === 'running'
          ? 'starting…'
          : run.status === 'error'
            ? 'run failed'
            : run.status === 'cancelled'
              ? 'run stopped'
              : '';

  return (
    <figure className="stage__figure" data-testid={`canvas-${lane}`} data-step={index + 1} data-status={run.status} data-run-id={run.runId}>
      <div ref={wrap} className="stage__canvas-wrap">
        <canvas
          ref={canvas}
          className={drawing ? 'is-drawing' : reward.kind === 'quadratic' ? 'is-targeting' : 'is-panning'}
          tabIndex={0}
          onKeyDown={gestures.onKeyDown}
          style={{ width: size, height: size }}
          onClick={onClick}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endStroke}
          onPointerCancel={endStroke}
          role="img"
          aria-label={`Particles of ${samplerKind ? samplerView(samplerKind).label : 'the sampler'} over the base density${run.exact ? ', with the exact target as green contours' : ''}. ${caption}. Drag or arrow keys pan, wheel, pinch or plus and minus zoom, 0 fits.`}
          data-view={`${view.cx},${view.cy},${view.half}`}
        />
        <RunProblem lane={lane} keptPicture={showingLastGood || (failedBlank ? false : run.frameCount > 0)} />
        <div className="stage__overlay" aria-hidden="true">
          {samplerKind && !drawing && (
            <span className="stage__tag" style={{ borderColor: LANE_COLOR[lane], color: LANE_COLOR[lane] }}>
              {samplerView(samplerKind).label}
            </span>
          )}
          <span className="stage__step">{caption}</span>
        </div>
      </div>
    </figure>
  );
}
