/**
 * One embedded figure: a LaneSession (src/view/session: its own engine worker, run store, frames and clock),
 * the figure's own store (phase, cursor), its own redraw loop, and the cached-first start — a finished run
 * shown at once (passed in, or a fast first run at a few hundred particles), then the live run at the
 * scenario's N, which replaces the finished picture only when its first step arrives. Playback is the
 * session's PlayerClock, as in the app: any run plays in about two seconds; with `loop` it starts again after
 * a short pause on the final samples.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core/scenario';
import { EngineClient } from '../engine/client';
import type { FromEngine } from '../engine/messages';
import { derivedSource } from '../view/charts/source';
import type { ChartSource, ChartState } from '../view/charts/source';
import { LaneSession } from '../view/session/LaneSession';
import { emptyLane } from '../view/session/laneRun';
import type { LaneRun } from '../view/session/laneRun';
import { RedrawLoop } from '../view/session/RedrawLoop';
import { createFigureStore } from './figureStore';
import type { FigureState } from './figureStore';
import { DEFAULT_PREVIEW_PARTICLES } from './options';
import type { CachedRun, TiltLabOptions } from './options';

/** A figure has one lane: the charts' lane b stays empty. */
const NO_LANE: LaneRun = emptyLane();

export class Figure {
  readonly store: StoreApi<FigureState>;
  readonly session: LaneSession;
  /** The figure's animation loop: its stats flush, its clock and its canvas, on a dirty flag. */
  readonly loop = new RedrawLoop();
  /** What the figure's charts read. */
  readonly charts: ChartSource;
  private readonly engine: EngineClient;
  private runId = 0;
  /** The run shown finished rather than played: the fast first run, or the cached one. */
  private previewRunId = -1;
  private disposed = false;
  private result: CachedRun | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    scenario: Scenario,
    private readonly options: TiltLabOptions,
  ) {
    this.store = createFigureStore(scenario);
    this.engine = new EngineClient();
    this.session = new LaneSession({ engine: this.engine, lane: 'a', requestFlush: () => this.loop.invalidate() });
    this.charts = derivedSource<ChartState>([this.store, this.session.store], () => {
      const s = this.store.getState();
      return { compare: false, a: this.session.run, b: NO_LANE, cursor: s.cursor, playing: s.playing, steps: s.scenario.steps };
    });
    this.cleanups.push(
      this.loop.add(() => {
        this.session.flush();
        return false;
      }),
      this.loop.add((now) => this.tick(now)),
      this.session.store.subscribe((run, prev) => this.followRun(run, prev)),
      // Wake the loop on any change of what the clock reads (it sleeps while nothing plays).
      this.store.subscribe(() => this.loop.invalidate()),
      this.session.store.subscribe(() => this.loop.invalidate()),
    );
    const modelsBaseUrl = options.modelsBaseUrl ?? new URL(/* @vite-ignore */ 'models/', import.meta.url).href;
    this.engine.send({ type: 'init', modelsBaseUrl, cachedBackend: null });
    this.engine.onCrash((problem) => this.store.setState({ error: problem }));
    this.engine.subscribe((m) => this.receive(m));
    if (options.cached) {
      this.showCached(options.cached);
      if (options.autoplay !== false) this.goLive(true);
    } else this.startPreview();
  }

  /** The last finished live run, for saving and passing back as `cached`. */
  lastResult(): CachedRun | null {
    return this.result;
  }

  play(): void {
    const s = this.store.getState();
    if (this.session.holding) return this.store.setState({ playing: true });
    if (s.phase === 'preview') return this.goLive(true);
    // At the end: play again from the start.
    const run = this.session.run;
    this.store.setState({ playing: true, cursor: s.cursor >= run.frameCount - 1 && run.status === 'done' ? 0 : s.cursor });
  }

  pause(): void {
    this.store.setState({ playing: false });
  }

  scrub(cursor: number): void {
    this.store.setState({ playing: false, cursor: Math.max(0, Math.min(cursor, this.session.run.frameCount - 1)) });
  }

  /** Computes the scenario again (new noise only if the scenario's seed changed: the run is reproducible). */
  runAgain(): void {
    this.goLive(true);
  }

  dispose(): void {
    this.disposed = true;
    this.cleanups.forEach((cleanup) => cleanup());
    this.loop.dispose();
    this.engine.dispose();
  }

  private showCached(run: CachedRun): void {
    this.previewRunId = this.runId;
    this.session.showFinished(this.previewRunId, { scenario: this.store.getState().scenario, stats: run.stats, exact: run.exact, samples: Float32Array.from(run.samples) });
  }

  private startPreview(): void {
    const scenario = this.store.getState().scenario;
    const particles = Math.min(scenario.particles, this.options.previewParticles ?? DEFAULT_PREVIEW_PARTICLES);
    this.previewRunId = ++this.runId;
    this.session.start(this.previewRunId, { ...scenario, particles }, { particles, steps: scenario.steps });
  }

  private goLive(play: boolean): void {
    const scenario = this.store.getState().scenario;
    // A finished run on screen stays there until the live run's first step (or its error) arrives.
    this.session.start(++this.runId, scenario, scenario, { keepShown: true });
    this.store.setState({ playing: play, error: null });
  }

  /** The figure's phase and cursor follow the run on screen: a new run starts at its first frame, a preview shows its last. */
  private followRun(run: LaneRun, prev: LaneRun): void {
    const preview = run.runId === this.previewRunId;
    if (run.runId !== prev.runId) this.store.setState({ phase: preview ? 'preview' : 'live', cursor: preview ? Math.max(0, run.frameCount - 1) : 0 });
    // The fast first run is shown finished, not played.
    else if (preview && run.frameCount !== prev.frameCount) this.store.setState({ cursor: Math.max(0, run.frameCount - 1) });
  }

  private receive(m: FromEngine): void {
    if (this.disposed) return;
    if (m.type === 'idle') return this.store.setState({ liveTensors: m.liveTensors });
    if (!this.session.receive(m)) return;
    const run = this.session.run;
    if (m.type === 'run-done' && m.runId === this.previewRunId) {
      if (this.options.autoplay !== false) this.goLive(true);
    } else if (m.type === 'run-done') {
      this.result = { samples: Array.from(m.samples), stats: run.stats, exact: run.exact };
      this.options.onResult?.(this.result);
    } else if (m.type === 'run-error') this.store.setState({ error: m.field ? `${m.field}: ${m.problem}` : m.problem, playing: false });
  }

  /** Advances the cursor while the live run plays; it never passes the newest frame computed. */
  private tick(now: number): boolean {
    const s = this.store.getState();
    const run = this.session.run;
    const clock = this.session.clock;
    if (!s.playing || s.phase !== 'live' || run.runId !== this.runId) {
      clock.rest();
      return false;
    }
    const next = clock.tick({ cursor: s.cursor, playing: true, available: run.frameCount, steps: s.scenario.steps, finished: run.status === 'done', loop: this.options.loop }, now);
    if (next.cursor !== s.cursor || next.playing !== s.playing) this.store.setState(next);
    return next.playing;
  }
}
