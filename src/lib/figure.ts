/**
 * One embedded figure: a LaneSession (src/view/session: its own engine worker, run store, frames and clock),
 * the figure's own store (phase, cursor), its own redraw loop, and the cached-first start — a finished run
 * shown at once (passed in, or a fast first run at a few hundred particles), then the live run at the
 * scenario's N, which replaces the finished picture only when its first step arrives. Playback is the
 * session's PlayerClock, as in the app: any run plays in about two seconds; with `loop` it starts again after
 * a short pause on the final samples.
 *
 * Nothing happens until the host says the figure is near the screen (`setVisibility`): the engine worker is
 * created then, so a figure far down a page costs nothing until the reader scrolls to it. Playing is held while
 * the figure is off screen and resumes when it is back. Under reduced motion the first picture is the finished
 * run at the scenario's own N, never animated on its way, and the figure animates only when Play is pressed.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core/scenario';
import { EngineClient } from '../engine/client';
import type { FromEngine, ToEngine } from '../engine/messages';
import { derivedSource } from '../view/charts/source';
import type { ChartSource, ChartState } from '../view/charts/source';
import { LaneSession } from '../view/session/LaneSession';
import type { EngineLink } from '../view/session/LaneSession';
import { emptyLane } from '../view/session/laneRun';
import type { LaneRun } from '../view/session/laneRun';
import { RedrawLoop } from '../view/session/RedrawLoop';
import { createFigureStore } from './figureStore';
import type { FigureState } from './figureStore';
import { DEFAULT_PREVIEW_PARTICLES, resolveModelsBaseUrl } from './options';
import type { CachedRun, TiltLabOptions } from './options';
import { figureState } from './state';
import type { FigureStateName } from './state';
import type { Visibility } from './visibility';

/** A figure has one lane: the charts' lane b stays empty. */
const NO_LANE: LaneRun = emptyLane();

export class Figure {
  readonly store: StoreApi<FigureState>;
  readonly session: LaneSession;
  /** The figure's animation loop: its stats flush, its clock and its canvas, on a dirty flag. */
  readonly loop = new RedrawLoop();
  /** What the figure's charts read. */
  readonly charts: ChartSource;
  /** Created when the figure begins (see the class comment). */
  private engine: EngineClient | null = null;
  private runId = 0;
  /** The run shown finished rather than played: the fast first run, or the cached one. */
  private previewRunId = -1;
  private disposed = false;
  private onScreen = false;
  private result: CachedRun | null = null;
  private reported: FigureStateName | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    scenario: Scenario,
    private readonly options: TiltLabOptions,
    reducedMotion = false,
  ) {
    this.store = createFigureStore(scenario, reducedMotion);
    const link: EngineLink = { send: (m: ToEngine, transfer?: Transferable[]) => this.ensureEngine().send(m, transfer) };
    this.session = new LaneSession({ engine: link, lane: 'a', requestFlush: () => this.loop.invalidate() });
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
      this.store.subscribe(() => this.report()),
      this.session.store.subscribe(() => this.report()),
    );
    this.report();
  }

  /** The figure's state in one word (the `state` attribute of `<tilt-lab>`). */
  state(): FigureStateName {
    const s = this.store.getState();
    const run = this.session.run;
    return figureState({ ...s, status: run.status, frameCount: run.frameCount });
  }

  /** The last finished live run, for saving and passing back as `cached`. */
  lastResult(): CachedRun | null {
    return this.result;
  }

  /** Where the figure is relative to the screen: near starts it, leaving the screen holds its playing. */
  setVisibility(v: Visibility): void {
    if (this.disposed) return;
    this.onScreen = v.onScreen;
    if ((v.near || v.onScreen) && !this.store.getState().started) this.begin();
    const s = this.store.getState();
    if (!v.onScreen && s.playing) this.store.setState({ playing: false, heldOffScreen: true });
    else if (v.onScreen && s.heldOffScreen) this.store.setState({ playing: true, heldOffScreen: false });
  }

  play(): void {
    const s = this.store.getState();
    if (!s.started) this.begin();
    if (this.session.holding) return this.store.setState({ playing: true, heldOffScreen: false });
    if (s.phase === 'preview') return this.goLive();
    // At the end: play again from the start.
    const run = this.session.run;
    this.store.setState({ playing: true, heldOffScreen: false, cursor: s.cursor >= run.frameCount - 1 && run.status === 'done' ? 0 : s.cursor });
  }

  pause(): void {
    this.store.setState({ playing: false, heldOffScreen: false });
  }

  scrub(cursor: number): void {
    this.store.setState({ playing: false, heldOffScreen: false, cursor: Math.max(0, Math.min(cursor, this.session.run.frameCount - 1)) });
  }

  /** Computes the scenario again (new noise only if the scenario's seed changed: the run is reproducible). */
  runAgain(): void {
    this.goLive();
  }

  dispose(): void {
    this.disposed = true;
    this.cleanups.forEach((cleanup) => cleanup());
    this.loop.dispose();
    this.engine?.dispose();
  }

  private ensureEngine(): EngineClient {
    if (this.engine) return this.engine;
    const engine = new EngineClient();
    this.engine = engine;
    const libraryUrl = import.meta.url;
    const pageUrl = typeof document === 'undefined' ? libraryUrl : document.baseURI;
    engine.send({ type: 'init', modelsBaseUrl: resolveModelsBaseUrl(this.options.modelsBaseUrl, pageUrl, libraryUrl), cachedBackend: null });
    engine.onCrash((problem) => this.store.setState({ error: problem, playing: false }));
    engine.subscribe((m) => this.receive(m));
    return engine;
  }

  private get autoplay(): boolean {
    return this.options.autoplay !== false && !this.store.getState().reducedMotion;
  }

  private begin(): void {
    this.store.setState({ started: true });
    if (this.options.cached) {
      this.showCached(this.options.cached);
      if (this.autoplay) this.goLive();
    } else this.startPreview();
  }

  private showCached(run: CachedRun): void {
    this.previewRunId = this.runId;
    this.session.showFinished(this.previewRunId, { scenario: this.store.getState().scenario, stats: run.stats, exact: run.exact, samples: Float32Array.from(run.samples) });
  }

  private startPreview(): void {
    const { scenario, reducedMotion } = this.store.getState();
    // Under reduced motion the first picture is the real one: it will not be replaced by a live run unasked.
    const particles = reducedMotion ? scenario.particles : Math.min(scenario.particles, this.options.previewParticles ?? DEFAULT_PREVIEW_PARTICLES);
    this.previewRunId = ++this.runId;
    this.session.start(this.previewRunId, { ...scenario, particles }, { particles, steps: scenario.steps });
  }

  /** Starts the live run, meant to play (held while the figure is off screen). */
  private goLive(): void {
    const scenario = this.store.getState().scenario;
    // A finished run on screen stays there until the live run's first step (or its error) arrives.
    this.session.start(++this.runId, scenario, scenario, { keepShown: true });
    this.store.setState({ playing: this.onScreen, heldOffScreen: !this.onScreen, error: null });
  }

  /** The figure's phase and cursor follow the run on screen: a new run starts at its first frame, a preview shows its last. */
  private followRun(run: LaneRun, prev: LaneRun): void {
    const preview = run.runId === this.previewRunId;
    const last = Math.max(0, run.frameCount - 1);
    if (run.runId !== prev.runId) this.store.setState({ phase: preview ? 'preview' : 'live', cursor: preview ? last : 0 });
    // The fast first run is shown finished, not played; under reduced motion only once it has finished.
    else if (preview && (run.frameCount !== prev.frameCount || run.status !== prev.status)) {
      if (!this.store.getState().reducedMotion || run.status === 'done') this.store.setState({ cursor: last });
    }
  }

  private receive(m: FromEngine): void {
    if (this.disposed) return;
    if (m.type === 'idle') return this.store.setState({ liveTensors: m.liveTensors });
    // The preview's end starts the live run: say so first, so the state goes from loading to loading, not via done.
    if (m.type === 'run-done' && m.runId === this.previewRunId && m.runId === this.session.run.runId && this.autoplay)
      this.store.setState({ playing: this.onScreen, heldOffScreen: !this.onScreen });
    if (!this.session.receive(m)) return;
    const run = this.session.run;
    if (m.type === 'run-done' && m.runId === this.previewRunId) {
      if (this.autoplay) this.goLive();
    } else if (m.type === 'run-done') {
      this.result = { samples: Array.from(m.samples), stats: run.stats, exact: run.exact };
      this.options.onResult?.(this.result);
    } else if (m.type === 'run-error') this.store.setState({ error: m.field ? `${m.field}: ${m.problem}` : m.problem, playing: false, heldOffScreen: false });
  }

  private report(): void {
    const state = this.state();
    if (state === this.reported) return;
    this.reported = state;
    this.options.onState?.(state);
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
