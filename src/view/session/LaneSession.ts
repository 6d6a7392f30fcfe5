/**
 * One lane's run as a self-contained object: the engine it talks to, its own zustand store (the LaneRun the
 * views read), its own FrameBuffer (the particle positions) and its own PlayerClock. `receive(message)`
 * applies what the engine sends for this lane — and drops every message of a run that is no longer the
 * lane's current one, so a run replaced mid-way can never paint a stale frame or a stale number. The page
 * holds one per lane (a, and b in compare mode, sharing one engine and one clock); an embedded figure holds
 * one with its own engine. No module state and no DOM: any number coexist, and it is tested in Node.
 *
 * Step statistics arrive once per step, hundreds a second on a fast backend; they are queued and applied in
 * one store update when the host calls `flush()` (it is told by `requestFlush`, e.g. on the next animation
 * frame), so that React renders once per frame, not once per step. Every other message flushes first, so it
 * always sees the steps that came before it.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../../core/scenario';
import type { StepStats } from '../../core/types';
import type { EngineClient } from '../../engine/client';
import type { FromEngine, FromEngineOf, Lane } from '../../engine/messages';
import { FrameBuffer } from './FrameBuffer';
import { emptyLane, isComputing, showsFinished } from './laneRun';
import type { LaneRun } from './laneRun';
import { PlayerClock } from './PlayerClock';

/** What a session needs of the engine: a way to send it messages (replies come in through `receive`). */
export type EngineLink = Pick<EngineClient, 'send'>;

type RunMessage = FromEngineOf<'run-start' | 'frame' | 'run-done' | 'run-error' | 'run-cancelled'>;

/** The run size the frame budget is computed from. */
export interface RunSize {
  particles: number;
  steps: number;
}

export interface LaneSessionOptions {
  engine: EngineLink;
  lane?: Lane;
  /** Lanes that play in step share one clock (the page's compare mode); by default a session has its own. */
  clock?: PlayerClock;
  /** Called when step statistics are queued; the host then calls `flush()`. Without it they apply at once. */
  requestFlush?: () => void;
  /** Floats of particle positions kept (FrameBuffer's default: 16 M). */
  floatBudget?: number;
  /** Told when a held run (`start` with `keepShown`) has replaced the picture on screen, or ended without one. */
  onHeldSettled?: (runId: number) => void;
}

/** How long `start` keeps the finished run on screen: until the new run's first step, or until it has finished. */
export type KeepShown = boolean | 'until-done';

/** A finished run to show without computing it (a cached figure). */
export interface FinishedRun {
  scenario: Scenario;
  stats: StepStats[];
  exact: LaneRun['exact'];
  samples: Float32Array;
}

export class LaneSession {
  readonly engine: EngineLink;
  readonly lane: Lane;
  readonly store: StoreApi<LaneRun>;
  /**
   * A run computing behind the finished picture on screen (an edit's run, held until it has finished): its steps
   * computed so far out of its K, for the play bar's progress; null when there is none. A store of its own, so
   * that the progress re-renders the play bar only, not everything that reads the run on screen.
   */
  readonly behind: StoreApi<{ progress: { computed: number; steps: number } | null }>;
  readonly clock: PlayerClock;
  private readonly requestFlush: (() => void) | null;
  private readonly onHeldSettled: ((runId: number) => void) | null;
  /** The positions on screen, and a second buffer that a run held until done fills meanwhile (they swap). */
  private shown: FrameBuffer;
  private spare: FrameBuffer;
  private queued: Array<FromEngineOf<'frame'>> = [];
  /** The run the user stopped (the Stop button), so that its cancellation reads as theirs. */
  private userStopped = -1;
  private flushRequested = false;
  /**
   * A run started with `keepShown`: the finished run on screen stays until this one's first step (or its end or
   * error) arrives; its run-start is kept until then.
   */
  private held: {
    runId: number;
    size: RunSize;
    start: FromEngineOf<'run-start'> | null;
    /** Held until run-done: its steps collect here (and its positions in `spare`) while the finished run stays. */
    untilDone: boolean;
    stats: StepStats[];
    msPerStep: number | null;
  } | null = null;

  constructor(options: LaneSessionOptions) {
    this.engine = options.engine;
    this.lane = options.lane ?? 'a';
    this.clock = options.clock ?? new PlayerClock();
    this.requestFlush = options.requestFlush ?? null;
    this.onHeldSettled = options.onHeldSettled ?? null;
    this.shown = new FrameBuffer(options.floatBudget);
    this.spare = new FrameBuffer(options.floatBudget);
    this.store = createStore<LaneRun>()(() => emptyLane());
    this.behind = createStore<{ progress: { computed: number; steps: number } | null }>()(() => ({ progress: null }));
  }

  /** The particle positions of the run on screen. */
  get frames(): FrameBuffer {
    return this.shown;
  }

  /** The lane's run now. */
  get run(): LaneRun {
    return this.store.getState();
  }

  /** A run waits to replace the finished one on screen (`start` with `keepShown`). */
  get holding(): boolean {
    return this.held !== null;
  }

  /**
   * Starts run `runId` of `scenario` in the engine (which cancels the lane's previous run). With `keepShown`, a
   * finished run on screen stays until the new run's first step arrives — or, with 'until-done', until the new run
   * has finished, when it replaces the picture at once, finished (a run held before it is dropped); otherwise the
   * lane empties at once.
   */
  start(runId: number, scenario: Scenario, size: RunSize, options: { keepShown?: KeepShown } = {}): void {
    // A run that failed behind the finished picture left that picture and its numbers on screen: they stay too.
    if (options.keepShown && showsFinished(this.run)) {
      this.queued = [];
      const untilDone = options.keepShown === 'until-done';
      if (untilDone) this.spare.reset(runId, size.particles, size.steps);
      this.held = { runId, size, start: null, untilDone, stats: [], msPerStep: null };
      if (untilDone) this.setBehind({ computed: 0, steps: size.steps });
    } else this.begin(runId, size);
    this.engine.send({ type: 'run', lane: this.lane, runId, scenario });
  }

  /** Makes `runId` the lane's current run without sending anything (a run already started, e.g. by the entry module). */
  begin(runId: number, size: RunSize = { particles: 0, steps: 0 }): void {
    this.held = null;
    this.setBehind(null);
    this.spare.reset(-1);
    this.queued = [];
    this.frames.reset(runId, size.particles, size.steps);
    this.store.setState({ ...emptyLane(), runId, status: 'starting' }, true);
  }

  /**
   * Stops the lane's computing run where it is (the Stop button): the steps computed so far stay on screen and in
   * the charts, and the run reads as stopped by the user. A run computing behind a finished picture (an edit,
   * `keepShown`) is dropped and the finished picture stays. Returns whether there was a run to stop.
   */
  cancel(): boolean {
    if (this.held) {
      const runId = this.held.runId;
      this.held = null;
      this.spare.reset(-1);
      this.engine.send({ type: 'cancel', runId });
      this.setBehind(null);
      this.onHeldSettled?.(runId);
      return true;
    }
    if (!isComputing(this.run)) return false;
    this.userStopped = this.run.runId;
    this.engine.send({ type: 'cancel', runId: this.run.runId });
    return true;
  }

  /** Cancels the lane's run in the engine (if it has one) and empties the lane. */
  stop(): void {
    const ids = [this.run.runId, this.held?.runId ?? -1].filter((id) => id >= 0);
    for (const runId of ids) this.engine.send({ type: 'cancel', runId });
    this.held = null;
    this.setBehind(null);
    this.queued = [];
    this.shown.reset(-1);
    this.spare.reset(-1);
    this.store.setState(emptyLane(), true);
  }

  /** Shows a finished run at once, as run `runId`, without the engine (its steps have no positions: the canvas shows the final samples). */
  showFinished(runId: number, run: FinishedRun): void {
    this.held = null;
    this.queued = [];
    this.frames.showFinished(runId, run.stats.length, run.samples);
    this.store.setState(
      {
        ...emptyLane(),
        runId,
        status: 'done',
        scenario: run.scenario,
        stats: run.stats,
        exact: run.exact,
        frameCount: this.frames.count,
      },
      true,
    );
  }

  /**
   * Takes a LaneRun made outside as the lane's state (a run restored from a saved file: app/export/restore.ts).
   * Queued statistics of any other run are dropped by the next flush.
   */
  adopt(run: LaneRun): void {
    if (run === this.run) return;
    if (run.runId !== this.run.runId) this.held = null;
    this.store.setState(run, true);
  }

  /** Applies an engine message meant for this lane; returns false for anything else (another lane, a stale run, no run). */
  receive(m: FromEngine): boolean {
    if (!isRunMessage(m) || m.lane !== this.lane) return false;
    if (m.type !== 'frame') this.flush();
    if (this.held && m.runId === this.held.runId) {
      if (m.type === 'run-start') {
        this.held.start = m;
        return true;
      }
      if (this.held.untilDone && m.type === 'frame') {
        this.spare.push(m.runId, m.positions);
        this.held.stats.push(m.stats);
        this.held.msPerStep = m.msPerStep;
        this.scheduleFlush(); // the play bar's progress (`behind`)
        return true;
      }
      if (this.held.untilDone && m.type === 'run-done') {
        this.showHeldFinished(m);
        return true;
      }
      if (this.held.untilDone && m.type === 'run-cancelled') {
        // Replaced in the engine by a newer run that is not held here: the finished picture stays.
        this.held = null;
        this.setBehind(null);
        this.onHeldSettled?.(m.runId);
        return true;
      }
      if (this.held.untilDone && m.type === 'run-error') {
        // The last good run stays on screen, numbers and picture, with the new run's error beside it.
        const computed = this.held.stats.length;
        this.held = null;
        this.spare.reset(-1);
        this.store.setState({ ...this.run, runId: m.runId, status: 'error', error: { field: m.field, problem: m.problem }, failedBehind: computed }, true);
        this.setBehind(null);
        this.onHeldSettled?.(m.runId);
        return true;
      }
      this.replaceShown();
    }
    if (m.runId !== this.run.runId) return false; // a message of a replaced run: drop it
    switch (m.type) {
      case 'run-start':
        this.patch({ status: 'running', scenario: m.scenario, exact: m.exact, backend: m.backend });
        break;
      case 'frame':
        this.frames.push(m.runId, m.positions);
        this.queued.push(m);
        this.scheduleFlush();
        break;
      case 'run-done':
        this.frames.setFinal(m.runId, m.samples);
        this.patch({ status: 'done', summary: m.summary, genealogy: m.genealogy, frameCount: this.frames.count });
        break;
      case 'run-error':
        this.patch({ status: 'error', error: { field: m.field, problem: m.problem } });
        break;
      case 'run-cancelled':
        this.patch({ status: 'cancelled', stoppedByUser: this.userStopped === m.runId, frameCount: this.frames.count });
        break;
    }
    return true;
  }

  /** Applies the queued step statistics of the current run in one store update. */
  flush(): void {
    this.flushRequested = false;
    const held = this.held;
    if (held?.untilDone && this.behind.getState().progress?.computed !== held.stats.length) this.setBehind({ computed: held.stats.length, steps: held.size.steps });
    if (this.queued.length === 0) return;
    const runId = this.run.runId;
    const mine = this.queued.filter((f) => f.runId === runId);
    this.queued = [];
    if (mine.length === 0) return;
    const run = this.run;
    this.patch({
      stats: [...run.stats, ...mine.map((f) => f.stats)],
      msPerStep: mine[mine.length - 1].msPerStep,
      frameCount: this.frames.count,
    });
  }

  private scheduleFlush(): void {
    if (!this.requestFlush) return this.flush();
    if (this.flushRequested) return;
    this.flushRequested = true;
    this.requestFlush();
  }

  /** A run held until done has finished: it replaces the picture at once, with every step and its summary. */
  private showHeldFinished(m: FromEngineOf<'run-done'>): void {
    const held = this.held!;
    const kept = this.run;
    this.held = null;
    this.setBehind(null);
    this.queued = [];
    this.spare.setFinal(m.runId, m.samples);
    [this.shown, this.spare] = [this.spare, this.shown];
    this.spare.reset(-1); // releases the replaced run's positions
    const start = held.start;
    this.store.setState(
      {
        ...emptyLane(),
        runId: m.runId,
        status: 'done',
        ...(start ? { scenario: start.scenario, exact: start.exact, backend: start.backend } : { scenario: kept.scenario, exact: kept.exact }),
        stats: held.stats,
        msPerStep: held.msPerStep,
        summary: m.summary,
        genealogy: m.genealogy,
        frameCount: this.shown.count,
      },
      true,
    );
    this.onHeldSettled?.(m.runId);
  }

  /** The held run's first step (or end) arrived: it replaces the finished picture, with its own run-start. */
  private replaceShown(): void {
    const held = this.held!;
    const kept = this.run;
    const start = held.start;
    this.held = null;
    this.queued = [];
    this.frames.reset(held.runId, held.size.particles, held.size.steps);
    const shown = start
      ? { scenario: start.scenario, exact: start.exact, backend: start.backend }
      : { scenario: kept.scenario, exact: kept.exact };
    this.store.setState({ ...emptyLane(), runId: held.runId, status: 'running', ...shown }, true);
  }

  private setBehind(progress: { computed: number; steps: number } | null): void {
    if (progress === null && this.behind.getState().progress === null) return;
    this.behind.setState({ progress });
  }

  private patch(update: Partial<LaneRun>): void {
    this.store.setState({ ...this.run, ...update }, true);
  }
}

function isRunMessage(m: FromEngine): m is RunMessage {
  return (
    m.type === 'run-start' ||
    m.type === 'frame' ||
    m.type === 'run-done' ||
    m.type === 'run-error' ||
    m.type === 'run-cancelled'
  );
}
