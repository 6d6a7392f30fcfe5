/**
 * One embedded figure's engine and playback: its own engine worker, a cached-first start (a finished run
 * shown at once — passed in, or a fast first run at a few hundred particles — then the live run at the
 * scenario's N), and a playback clock like the app's (player.ts): any run plays in about two seconds.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core/scenario';
import { EngineClient } from '../engine/client';
import type { BackendName, ExactTargetInfo, FromEngine } from '../engine/messages';
import { emptyLane } from '../app/store';
import { createFigureStore, patchLane } from './figureStore';
import type { FigureFrames, FigureState } from './figureStore';
import { DEFAULT_PREVIEW_PARTICLES } from './options';
import type { CachedRun, TiltLabOptions } from './options';

const PLAYBACK_SECONDS = 2;
const MIN_STEPS_PER_SECOND = 30;
/** With `loop`, the final samples stay on screen this long before the replay starts. */
const LOOP_PAUSE_MS = 1200;
/** Particle positions kept per figure: 16 M floats = 64 MB. */
const FLOAT_BUDGET = 16 * 1024 * 1024;

export class Figure {
  readonly store: StoreApi<FigureState>;
  readonly frames: FigureFrames = { steps: [], final: null };
  private readonly engine: EngineClient;
  private runId = 0;
  private previewRunId = -1;
  private raf = 0;
  private heldSince: number | null = null;
  private disposed = false;
  private result: CachedRun | null = null;
  /** A live run started while a finished run is on screen: that run stays until the live one's first step. */
  /** The live run waiting to replace the finished picture; `start` is its run-start (its own scenario, e.g. the
   *  full particle count, not the preview's). */
  private pendingLive: { id: number; start?: { scenario: Scenario; exact: ExactTargetInfo | null; backend: BackendName } } | null =
    null;

  constructor(
    scenario: Scenario,
    private readonly options: TiltLabOptions,
  ) {
    this.store = createFigureStore(scenario);
    this.engine = new EngineClient();
    const modelsBaseUrl = options.modelsBaseUrl ?? new URL(/* @vite-ignore */ 'models/', import.meta.url).href;
    this.engine.send({ type: 'init', modelsBaseUrl, cachedBackend: null });
    this.engine.onCrash((problem) => this.store.setState({ error: problem }));
    this.engine.subscribe((m) => this.receive(m));
    if (options.cached) {
      this.showCached(options.cached);
      if (options.autoplay !== false) this.goLive(true);
    } else this.startPreview();
    this.startClock();
  }

  /** The last finished live run, for saving and passing back as `cached`. */
  lastResult(): CachedRun | null {
    return this.result;
  }

  play(): void {
    const s = this.store.getState();
    if (this.pendingLive) return this.store.setState({ playing: true });
    if (s.phase === 'preview') return this.goLive(true);
    // At the end: play again from the start.
    this.store.setState({ playing: true, cursor: s.cursor >= s.frameCount - 1 && this.runDone() ? 0 : s.cursor });
  }

  pause(): void {
    this.store.setState({ playing: false });
  }

  scrub(cursor: number): void {
    this.store.setState({ playing: false, cursor: Math.max(0, Math.min(cursor, this.store.getState().frameCount - 1)) });
  }

  /** Computes the scenario again (new noise only if the scenario's seed changed: the run is reproducible). */
  runAgain(): void {
    this.goLive(true);
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    this.engine.dispose();
  }

  private runDone(): boolean {
    return this.store.getState().lanes.a.status === 'done';
  }

  private showCached(run: CachedRun): void {
    this.frames.steps = run.stats.map(() => null);
    this.frames.final = Float32Array.from(run.samples);
    const frameCount = run.stats.length + 1;
    patchLane(this.store, { status: 'done', stats: run.stats, exact: run.exact, scenario: this.store.getState().scenario, frameCount });
    this.store.setState({ frameCount, cursor: frameCount - 1, phase: 'preview' });
  }

  private startPreview(): void {
    const scenario = this.store.getState().scenario;
    const particles = Math.min(scenario.particles, this.options.previewParticles ?? DEFAULT_PREVIEW_PARTICLES);
    this.previewRunId = ++this.runId;
    this.resetRun(this.previewRunId, 'preview');
    this.engine.send({ type: 'run', lane: 'a', runId: this.previewRunId, scenario: { ...scenario, particles } });
  }

  private goLive(play: boolean): void {
    const id = ++this.runId;
    const cached = this.store.getState().lanes.a.status === 'done';
    // A finished run on screen stays there until the live run's first step (or its error) arrives.
    if (cached) this.pendingLive = { id };
    else this.resetRun(id, 'live');
    this.store.setState({ playing: play, error: null });
    this.engine.send({ type: 'run', lane: 'a', runId: id, scenario: this.store.getState().scenario });
  }

  /**
   * Keeps every stride-th step's positions, and always the newest (the one on screen while the run plays),
   * so that a big run (N·K beyond FLOAT_BUDGET) does not hold every step: as the app's frameBuffer.ts.
   */
  private keepFrame(positions: Float32Array | null): void {
    const { particles, steps } = this.store.getState().scenario;
    const stride = Math.max(1, Math.ceil((2 * particles * steps) / FLOAT_BUDGET));
    const index = this.frames.steps.length;
    if (index > 0 && (index - 1) % stride !== 0) this.frames.steps[index - 1] = null;
    this.frames.steps.push(positions);
  }

  private resetRun(runId: number, phase: FigureState['phase']): void {
    this.frames.steps = [];
    this.frames.final = null;
    this.store.setState({ lanes: { a: { ...emptyLane(), runId, status: 'starting' }, b: emptyLane() }, cursor: 0, frameCount: 0, phase });
  }

  private receive(m: FromEngine): void {
    if (this.disposed) return;
    if (m.type === 'idle') return this.store.setState({ liveTensors: m.liveTensors });
    if (!('runId' in m) || m.lane !== 'a') return;
    if (this.pendingLive?.id === m.runId && m.type !== 'run-start') {
      const start = this.pendingLive.start;
      this.pendingLive = null;
      const kept = this.store.getState().lanes.a;
      this.resetRun(m.runId, 'live');
      patchLane(this.store, start ? { status: 'running', ...start } : { status: 'running', scenario: kept.scenario, exact: kept.exact });
    }
    const lane = this.store.getState().lanes.a;
    if (m.runId !== lane.runId && !(m.type === 'run-start' && this.pendingLive?.id === m.runId)) return;
    switch (m.type) {
      case 'run-start':
        if (this.pendingLive?.id === m.runId) {
          this.pendingLive.start = { scenario: m.scenario as Scenario, exact: m.exact, backend: m.backend };
          return;
        }
        patchLane(this.store, { status: 'running', scenario: m.scenario as Scenario, exact: m.exact, backend: m.backend });
        return;
      case 'frame': {
        this.keepFrame(m.positions);
        const frameCount = this.frames.steps.length;
        patchLane(this.store, { stats: [...lane.stats, m.stats], msPerStep: m.msPerStep, frameCount });
        this.store.setState({ frameCount });
        // The fast first run is shown finished, not played.
        if (m.runId === this.previewRunId) this.store.setState({ cursor: frameCount - 1 });
        return;
      }
      case 'run-done': {
        this.frames.final = m.samples;
        const frameCount = this.frames.steps.length + 1;
        patchLane(this.store, { status: 'done', summary: m.summary, frameCount });
        this.store.setState({ frameCount });
        if (m.runId === this.previewRunId) {
          this.store.setState({ cursor: frameCount - 1 });
          if (this.options.autoplay !== false) this.goLive(true);
        } else {
          this.result = { samples: Array.from(m.samples), stats: this.store.getState().lanes.a.stats, exact: this.store.getState().lanes.a.exact };
          this.options.onResult?.(this.result);
        }
        return;
      }
      case 'run-error':
        patchLane(this.store, { status: 'error', error: { field: m.field, problem: m.problem } });
        this.store.setState({ error: m.field ? `${m.field}: ${m.problem}` : m.problem, playing: false });
        return;
      case 'run-cancelled':
        return;
    }
  }

  /** Advances the cursor with the clock while playing; it never passes the newest frame computed. */
  private startClock(): void {
    let last = performance.now();
    let carry = 0;
    const tick = (now: number) => {
      const elapsed = Math.min(250, now - last);
      last = now;
      const s = this.store.getState();
      if (s.playing && s.phase === 'live' && s.lanes.a.runId === this.runId) {
        const rate = Math.max(MIN_STEPS_PER_SECOND, s.scenario.steps / PLAYBACK_SECONDS);
        if (s.cursor < s.frameCount - 1) {
          carry += (elapsed * rate) / 1000;
          const advance = Math.floor(carry);
          if (advance > 0) {
            carry -= advance;
            this.store.setState({ cursor: Math.min(s.frameCount - 1, s.cursor + advance) });
          }
        } else {
          carry = 0;
          if (this.runDone()) this.atEnd(now);
        }
      }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  private atEnd(now: number): void {
    if (!this.options.loop) {
      this.store.setState({ playing: false });
      return;
    }
    if (this.heldSince === null) this.heldSince = now;
    else if (now - this.heldSince >= LOOP_PAUSE_MS) {
      this.heldSince = null;
      this.store.setState({ cursor: 0 });
    }
  }
}
