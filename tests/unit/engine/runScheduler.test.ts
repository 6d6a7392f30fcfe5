/**
 * The engine's run loop (src/engine/runScheduler.ts), driven the way worker.ts drives it, with the hooks' post()
 * standing in for postMessage: every message is structured-cloned with its transfer list, so a buffer that the
 * scheduler transfers is detached on the sending side exactly as in the browser.
 *
 * Most tests replace core's runPrepared with scripted async generators (they can pause inside a step, fail at a
 * given step, or fail while unwinding); the last block runs real scenarios through the real parseScenario,
 * prepareRun and runPrepared and checks that cancelled and replaced runs free their tensors.
 *
 * yieldToEvents is replaced by a setImmediate yield that counts its calls. The real one (a MessageChannel round
 * trip) is right for a browser worker, but Node delivers up to 1000 queued port messages in one event-loop turn
 * (src/node_messaging.cc), so under Node a timer or setImmediate callback, i.e. the test's stand-in for an incoming
 * worker message, would only get in every ~1000 steps.
 */
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (the real runs below)
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { runPrepared } from '../../../src/core/run';
import type { RunOptions, RunResult } from '../../../src/core/run';
import type { PreparedRun } from '../../../src/core/run/prepare';
import { parseScenario } from '../../../src/core/scenario';
import type { Scenario } from '../../../src/core/scenario';
import { FieldError } from '../../../src/core/types';
import type { StepFrame, StepStats } from '../../../src/core/types';
import type { FromEngine, Lane } from '../../../src/engine/messages';
import { prepareRun } from '../../../src/engine/prepareRun';
import { RunScheduler } from '../../../src/engine/runScheduler';
import type { RunStartInfo, SchedulerHooks } from '../../../src/engine/runScheduler';
import { FIXTURE_GMM } from '../fixtures';

vi.mock('../../../src/core/run', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/core/run')>();
  return { ...actual, runPrepared: vi.fn(actual.runPrepared) };
});
const runPreparedMock = vi.mocked(runPrepared);

/** How many times the scheduler has yielded to the event queue so far. */
let yields = 0;
vi.mock('../../../src/engine/yieldToEvents', () => ({
  yieldToEvents: () =>
    new Promise<void>((resolve) => {
      yields++;
      setImmediate(resolve);
    }),
}));

// ---------------------------------------------------------------------------------------------------------------
// Scripted runs

interface Probe {
  /** Steps whose body began (the generator was asked for that frame). */
  begun: number;
  /** Frames handed out. */
  yielded: number;
  /** The generator's finally block ran (what frees a real sampler's tensors). */
  finallyRan: boolean;
  /** The positions arrays handed out, to check that none was detached by a transfer. */
  positions: Float32Array[];
}

interface Script {
  steps: number;
  particles?: number;
  /** Awaited at the start of step k; k = steps is the moment before the generator returns its result. */
  gate?: (k: number) => Promise<void>;
  /** Throws this at the start of step failAt (after its gate). */
  failAt?: number;
  error?: unknown;
  /** Wall time each step takes. */
  delayMs?: number;
  /** Thrown from the finally block, i.e. while the run unwinds. */
  finallyThrows?: unknown;
  /** Frames without positions. */
  noPositions?: boolean;
}

const RESULT_SAMPLES: Array<[number, number]> = [
  [1.5, -2],
  [3.25, 4],
  [-5, 6.5],
];

function statsAt(k: number, steps: number): StepStats {
  return {
    k: steps - 1 - k,
    t: (steps - 1 - k) / steps,
    meanReward: k,
    logWeightVar: null,
    logWeightVarCum: null,
    ess: null,
    resampled: false,
  };
}

function scripted(s: Script): { gen: AsyncGenerator<StepFrame, RunResult, void>; probe: Probe } {
  const probe: Probe = { begun: 0, yielded: 0, finallyRan: false, positions: [] };
  const n = s.particles ?? 3;
  async function* body(): AsyncGenerator<StepFrame, RunResult, void> {
    try {
      for (let k = 0; k < s.steps; k++) {
        probe.begun++;
        if (s.gate) await s.gate(k);
        if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
        if (s.failAt === k) throw s.error;
        const positions = s.noPositions ? undefined : new Float32Array(2 * n).fill(k + 0.5);
        if (positions) probe.positions.push(positions);
        probe.yielded++;
        yield { stats: statsAt(k, s.steps), positions };
      }
      if (s.gate) await s.gate(s.steps);
      return {
        scenario: {},
        backend: 'fake',
        samples: RESULT_SAMPLES,
        steps: [],
        summary: { method: 'fake', exact: false, meanReward: 0.25, ms: 12, msPerStep: 4, backend: 'fake' },
      } as unknown as RunResult;
    } finally {
      probe.finallyRan = true;
      // eslint-disable-next-line no-unsafe-finally -- on purpose: a run whose unwinding fails (e.g. a lost device)
      if (s.finallyThrows !== undefined) throw s.finallyThrows;
    }
  }
  return { gen: body(), probe };
}

/** Makes the next runPrepared call return this scripted run. */
function nextRun(s: Script): Probe {
  const { gen, probe } = scripted(s);
  runPreparedMock.mockImplementationOnce(() => gen);
  return probe;
}

/** A promise to resolve or reject by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits (macrotask by macrotask, like worker messages arriving) until `cond` holds. */
async function until(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The hooks: a message log in postMessage semantics

type Entry =
  | { kind: 'message'; sent: FromEngine; received: FromEngine; transfer: Transferable[]; yieldsBefore: number }
  | { kind: 'onIdle' };

interface Harness {
  scheduler: RunScheduler;
  log: Entry[];
  /** What the page received, in order. */
  received(): FromEngine[];
  /** A compact trace: "run-start a1", "frame a1", "run-done a1", "idle", "onIdle", … */
  trace(): string[];
  frames(runId: number): Array<Extract<FromEngine, { type: 'frame' }>>;
  prepare: Mock<(scenario: Scenario) => RunStartInfo>;
}

const loadModel: NonNullable<RunOptions['loadModel']> = async () => {
  throw new Error('no models in this test');
};

/** A stand-in for a validated scenario: the scripted runs never look inside it. */
const S = { stand_in: 'scenario' } as unknown as Scenario;

/** What prepare() hands over for a scripted run (no reward or exact target is built). */
function fakePrepare(scenario: Scenario): RunStartInfo {
  return { prepared: { scenario, reward: {}, exact: null } as unknown as PreparedRun, exact: null };
}

function harness(prepare: (scenario: Scenario) => RunStartInfo = fakePrepare): Harness {
  const log: Entry[] = [];
  const prepareFn = vi.fn(prepare);
  const hooks: SchedulerHooks = {
    post(message, transfer = []) {
      // postMessage: a structured clone that moves (detaches) the transferred buffers.
      const received = structuredClone(message, { transfer });
      log.push({ kind: 'message', sent: message, received, transfer, yieldsBefore: yields });
    },
    runOptions: () => ({ loadModel }),
    backend: () => 'cpu',
    prepare: prepareFn,
    onIdle: () => log.push({ kind: 'onIdle' }),
  };
  const received = () => log.flatMap((e) => (e.kind === 'message' ? [e.received] : []));
  return {
    scheduler: new RunScheduler(hooks),
    log,
    prepare: prepareFn,
    received,
    trace: () =>
      log.map((e) => {
        if (e.kind === 'onIdle') return 'onIdle';
        const m = e.received;
        return 'lane' in m ? `${m.type} ${m.lane}${m.runId}` : m.type;
      }),
    frames: (runId) =>
      received().filter((m): m is Extract<FromEngine, { type: 'frame' }> => m.type === 'frame' && m.runId === runId),
  };
}

/** drain(), failing fast (instead of at the 120 s test timeout) if the scheduler never goes idle. */
async function drained(h: Harness, limitMs = 15_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the scheduler did not go idle; trace: ${h.trace().join(', ')}`)),
      limitMs,
    );
  });
  try {
    await Promise.race([h.scheduler.drain(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function indexOf(trace: string[], item: string): number {
  const i = trace.indexOf(item);
  expect(i, `"${item}" in ${JSON.stringify(trace)}`).toBeGreaterThanOrEqual(0);
  return i;
}

afterEach(() => {
  runPreparedMock.mockClear();
});

// ---------------------------------------------------------------------------------------------------------------

describe('RunScheduler: one run', () => {
  it('posts run-start, one frame per step in order, run-done, then calls onIdle and posts idle', async () => {
    const h = harness();
    const probe = nextRun({ steps: 4 });
    const scenario = { any: 'scenario' } as unknown as Scenario;
    h.scheduler.start('a', 7, scenario);
    expect(h.scheduler.busy).toBe(true);
    await drained(h);

    expect(h.trace()).toEqual([
      'run-start a7',
      'frame a7',
      'frame a7',
      'frame a7',
      'frame a7',
      'run-done a7',
      'onIdle',
      'idle',
    ]);
    expect(h.scheduler.busy).toBe(false);
    expect(probe.finallyRan).toBe(true);

    // run-start echoes what prepare() returned, and names the backend.
    expect(h.prepare).toHaveBeenCalledExactlyOnceWith(scenario);
    expect(h.received()[0]).toEqual({ type: 'run-start', lane: 'a', runId: 7, scenario, exact: null, backend: 'cpu' });
    expect(runPreparedMock.mock.calls[0][0].scenario).toBe(scenario);

    // Frames arrive in step order, each with its own stats and positions.
    const frames = h.frames(7);
    expect(frames.map((f) => f.stats.k)).toEqual([3, 2, 1, 0]);
    expect(frames.map((f) => f.stats.meanReward)).toEqual([0, 1, 2, 3]);
    frames.forEach((f, k) => {
      expect(f.positions).toBeInstanceOf(Float32Array);
      expect(Array.from(f.positions!)).toEqual(new Array(6).fill(k + 0.5));
      expect(f.msPerStep).toBeGreaterThanOrEqual(0);
    });

    // run-done: the samples interleaved x0, y0, x1, y1, …, and the summary.
    const done = h.received().find((m) => m.type === 'run-done')!;
    expect(done.type === 'run-done' && Array.from(done.samples)).toEqual([1.5, -2, 3.25, 4, -5, 6.5]);
    expect(done.type === 'run-done' && done.summary).toEqual({
      method: 'fake',
      exact: false,
      meanReward: 0.25,
      ms: 12,
      msPerStep: 4,
      backend: 'fake',
    });
    const idle = h.received().at(-1)!;
    expect(idle.type === 'idle' && idle.liveTensors).toBe(tf.memory().numTensors);
  });

  it('runs the scenario that prepare() returned, with the run options and emitPositions', async () => {
    const validated = { validated: true } as unknown as Scenario;
    const prepared = { scenario: validated, reward: {}, exact: null } as unknown as PreparedRun;
    const exact = { spec: FIXTURE_GMM, meanReward: 0.5, logZ: 0.1, description: 'a tilted GMM' };
    const h = harness(() => ({ prepared, exact }));
    nextRun({ steps: 1 });
    h.scheduler.start('a', 1, S);
    await drained(h);
    expect(h.prepare).toHaveBeenCalledExactlyOnceWith(S);
    // The object prepare() built is handed to the run as it is (nothing is built twice) …
    expect(runPreparedMock).toHaveBeenCalledTimes(1);
    const [input, opts] = runPreparedMock.mock.calls[0];
    expect(input).toBe(prepared);
    expect(opts).toEqual({ loadModel, emitPositions: true });
    // … and run-start carries its scenario and the exact target for the page.
    expect(h.received()[0]).toEqual({
      type: 'run-start',
      lane: 'a',
      runId: 1,
      scenario: validated,
      exact,
      backend: 'cpu',
    });
  });

  it('a run too big to keep every step sends the kept steps and the last one, and the others only a display frame apart', async () => {
    // 2 · 2²⁴ particles · 4 steps over the 2²⁴-float budget: every 8th step is kept, so of steps 0–3 only 0 and
    // the last go out while the clock stands still.
    const big = { particles: 16 * 1024 * 1024, steps: 4 } as unknown as Scenario;
    const h = harness(() => ({ prepared: { scenario: big, reward: {}, exact: null } as unknown as PreparedRun, exact: null }));
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    try {
      nextRun({ steps: 4 });
      h.scheduler.start('a', 3, big);
      await drained(h);
    } finally {
      now.mockRestore();
    }
    const frames = h.frames(3);
    expect(frames).toHaveLength(4);
    expect(frames.map((f) => f.positions !== null)).toEqual([true, false, false, true]);
    // Every step's statistics still arrive.
    expect(frames.map((f) => f.stats.k)).toEqual([3, 2, 1, 0]);
  });

  it('transfers a copy of each frame’s positions, never the generator’s own array (tensor storage on CPU)', async () => {
    const h = harness();
    const probe = nextRun({ steps: 3, particles: 5 });
    h.scheduler.start('a', 1, S);
    await drained(h);

    expect(probe.positions).toHaveLength(3);
    const frames = h.log.filter((e) => e.kind === 'message' && e.sent.type === 'frame') as Array<
      Extract<Entry, { kind: 'message' }>
    >;
    expect(frames).toHaveLength(3);
    frames.forEach((e, k) => {
      const sent = e.sent as Extract<FromEngine, { type: 'frame' }>;
      // The copy's buffer is the one transferred (so it is detached on the sending side now) …
      expect(e.transfer).toHaveLength(1);
      expect(e.transfer[0]).not.toBe(probe.positions[k].buffer);
      expect(sent.positions!.buffer.byteLength).toBe(0);
      // … and the generator's array is intact.
      expect(probe.positions[k].length).toBe(10);
      expect(probe.positions[k][0]).toBe(k + 0.5);
    });
    // run-done transfers its samples buffer, and the page still receives the values.
    const done = h.log.find((e) => e.kind === 'message' && e.sent.type === 'run-done') as Extract<
      Entry,
      { kind: 'message' }
    >;
    expect(done.transfer).toHaveLength(1);
    expect(done.transfer[0]).toBe((done.sent as Extract<FromEngine, { type: 'run-done' }>).samples.buffer);
    expect((done.received as Extract<FromEngine, { type: 'run-done' }>).samples).toHaveLength(6);
  });

  it('posts frames without positions as null, with nothing to transfer', async () => {
    const h = harness();
    nextRun({ steps: 2, noPositions: true });
    h.scheduler.start('a', 1, S);
    await drained(h);
    const frames = h.log.filter((e) => e.kind === 'message' && e.sent.type === 'frame') as Array<
      Extract<Entry, { kind: 'message' }>
    >;
    expect(frames).toHaveLength(2);
    for (const e of frames) {
      expect((e.received as Extract<FromEngine, { type: 'frame' }>).positions).toBeNull();
      expect(e.transfer).toEqual([]);
    }
  });

  it('measures msPerStep as the time of the step itself', async () => {
    const h = harness();
    nextRun({ steps: 2, delayMs: 40 });
    h.scheduler.start('a', 1, S);
    await drained(h);
    const frames = h.frames(1);
    expect(frames).toHaveLength(2);
    for (const f of frames) {
      expect(f.msPerStep).toBeGreaterThanOrEqual(30);
      expect(f.msPerStep).toBeLessThan(2_000);
    }
  });

  it('posts one idle per busy period: two runs one after the other give two', async () => {
    const h = harness();
    nextRun({ steps: 1 });
    nextRun({ steps: 1 });
    h.scheduler.start('a', 1, S);
    await drained(h);
    h.scheduler.start('a', 2, S);
    await drained(h);
    expect(h.trace()).toEqual([
      'run-start a1',
      'frame a1',
      'run-done a1',
      'onIdle',
      'idle',
      'run-start a2',
      'frame a2',
      'run-done a2',
      'onIdle',
      'idle',
    ]);
  });

  it('drain() resolves only once every run has ended and the idle message is out', async () => {
    const h = harness();
    const gate = deferred();
    nextRun({ steps: 2, gate: (k) => (k === 1 ? gate.promise : Promise.resolve()) });
    h.scheduler.start('a', 1, S);
    let drained = false;
    const draining = h.scheduler.drain().then(() => {
      drained = true;
    });
    await until(() => h.frames(1).length === 1, 'the first frame');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    expect(h.scheduler.busy).toBe(true);
    gate.resolve();
    await draining;
    expect(h.trace().slice(-3)).toEqual(['run-done a1', 'onIdle', 'idle']);
    expect(h.scheduler.busy).toBe(false);
  });
});

describe('RunScheduler: cancelling', () => {
  it('a new run in the same lane closes the old one: return() runs its finally, and no stale frame is posted', async () => {
    const h = harness();
    // Run 1 pauses inside its second step, the moment a new run request comes in.
    const inStep = deferred();
    let reachedGate = false;
    const old = nextRun({
      steps: 100,
      gate: (k) => {
        if (k !== 1) return Promise.resolve();
        reachedGate = true;
        return inStep.promise;
      },
    });
    const fresh = nextRun({ steps: 3 });
    h.scheduler.start('a', 1, S);
    await until(() => reachedGate, 'run 1 to be inside step 2');

    h.scheduler.start('a', 2, S);
    // The step that was under way finishes after the new run started; its frame is stale.
    inStep.resolve();
    await drained(h);

    const trace = h.trace();
    expect(trace).toEqual([
      'run-start a1',
      'frame a1',
      'run-start a2',
      'run-cancelled a1',
      'frame a2',
      'frame a2',
      'frame a2',
      'run-done a2',
      'onIdle',
      'idle',
    ]);
    // The frame produced by the in-flight step (the generator's second) never reached the page.
    expect(old.yielded).toBe(2);
    expect(h.frames(1)).toHaveLength(1);
    // return() closed the generator at that yield: its finally ran and it was never asked for a third step.
    expect(old.finallyRan).toBe(true);
    expect(old.begun).toBe(2);
    expect(fresh.finallyRan).toBe(true);
    expect(
      h
        .received()
        .filter((m) => m.type === 'run-done')
        .map((m) => 'runId' in m && m.runId),
    ).toEqual([2]);
  });

  it('between steps: the next step of a replaced run is never requested', async () => {
    const h = harness();
    const old = nextRun({ steps: 1_000 });
    nextRun({ steps: 2 });
    h.scheduler.start('a', 1, S);
    await until(() => h.frames(1).length >= 3, 'three frames of run 1');
    h.scheduler.start('a', 2, S);
    const startIndex = h.trace().length - 1;
    const begunAtStart = old.begun;
    await drained(h);

    expect(h.trace()[startIndex]).toBe('run-start a2');
    const after = h.trace().slice(startIndex + 1);
    expect(after).not.toContain('frame a1');
    expect(after).not.toContain('run-done a1');
    expect(after.filter((t) => t === 'run-cancelled a1')).toHaveLength(1);
    expect(after.indexOf('run-cancelled a1')).toBeLessThan(after.indexOf('frame a2'));
    expect(old.begun).toBe(begunAtStart);
    expect(old.finallyRan).toBe(true);
  });

  it('cancel(runId) ends that run with run-cancelled and no run-done, and the scheduler goes idle', async () => {
    const h = harness();
    const probe = nextRun({ steps: 1_000 });
    h.scheduler.start('a', 5, S);
    await until(() => h.frames(5).length >= 2, 'two frames');
    h.scheduler.cancel(5);
    const framesAtCancel = h.frames(5).length;
    await drained(h);
    expect(h.frames(5)).toHaveLength(framesAtCancel);
    expect(h.trace().slice(-3)).toEqual(['run-cancelled a5', 'onIdle', 'idle']);
    expect(h.trace()).not.toContain('run-done a5');
    expect(probe.finallyRan).toBe(true);
  });

  it('cancel(runId) of another id leaves the run alone', async () => {
    const h = harness();
    nextRun({ steps: 3 });
    h.scheduler.start('a', 5, S);
    h.scheduler.cancel(6);
    await drained(h);
    expect(h.trace()).toContain('run-done a5');
    expect(h.trace()).not.toContain('run-cancelled a5');
  });

  it('a run cancelled before its first step is closed without a step being requested', async () => {
    const h = harness();
    const probe = nextRun({ steps: 5 });
    h.scheduler.start('a', 1, S);
    h.scheduler.cancel(1);
    await drained(h);
    expect(h.trace()).toEqual(['run-start a1', 'run-cancelled a1', 'onIdle', 'idle']);
    // start() asks for the first step at once; its frame is dropped and no further step is requested.
    expect(probe.begun).toBeLessThanOrEqual(1);
    expect(probe.finallyRan).toBe(true);
  });

  it('yields to the event queue between every two steps, also across lanes', async () => {
    const h = harness();
    nextRun({ steps: 5 });
    nextRun({ steps: 5 });
    h.scheduler.start('a', 1, S);
    h.scheduler.start('b', 2, S);
    await drained(h);
    const frames = h.log.filter((e) => e.kind === 'message' && e.sent.type === 'frame') as Array<
      Extract<Entry, { kind: 'message' }>
    >;
    expect(frames).toHaveLength(10);
    frames.slice(1).forEach((e, i) => expect(e.yieldsBefore).toBeGreaterThan(frames[i].yieldsBefore));
  });

  it('a cancel that arrives as an event between steps is seen at once (the loop yields to the event queue)', async () => {
    // The scripted steps resolve as microtasks, like data() on the CPU backend. Without the yield between steps
    // all 100 000 would run before the timer below could fire.
    const h = harness();
    const probe = nextRun({ steps: 100_000, noPositions: true });
    h.scheduler.start('a', 1, S);
    setTimeout(() => h.scheduler.cancel(1), 0);
    await drained(h);
    expect(h.trace()).toContain('run-cancelled a1');
    expect(h.trace()).not.toContain('run-done a1');
    // The timer fires after ~1 ms, i.e. some tens to hundreds of steps; far fewer than all of them.
    expect(probe.begun).toBeLessThan(5_000);
  });

  it('a cancel while the final step is under way gives run-cancelled, not run-done', async () => {
    const h = harness();
    const last = deferred();
    let reachedEnd = false;
    nextRun({
      steps: 2,
      gate: (k) => {
        if (k < 2) return Promise.resolve();
        reachedEnd = true;
        return last.promise;
      },
    });
    h.scheduler.start('a', 1, S);
    await until(() => reachedEnd, 'the end of run 1');
    h.scheduler.cancel(1);
    last.resolve();
    await drained(h);
    expect(h.trace()).toEqual(['run-start a1', 'frame a1', 'frame a1', 'run-cancelled a1', 'onIdle', 'idle']);
  });

  it('an error while a cancelled run unwinds still ends it with run-cancelled, and the loop carries on', async () => {
    const h = harness();
    const failing = nextRun({ steps: 1_000, finallyThrows: new Error('device lost while freeing') });
    const next = nextRun({ steps: 2 });
    h.scheduler.start('a', 1, S);
    await until(() => h.frames(1).length >= 1, 'a frame of run 1');
    h.scheduler.start('a', 2, S);
    await drained(h);
    expect(failing.finallyRan).toBe(true);
    expect(next.finallyRan).toBe(true);
    const trace = h.trace();
    expect(trace.filter((t) => t === 'run-cancelled a1')).toHaveLength(1);
    expect(trace).not.toContain('run-error a1');
    expect(trace.slice(-4)).toEqual(['frame a2', 'run-done a2', 'onIdle', 'idle']);
  });

  it('an error thrown by a step after its run was cancelled is reported as run-cancelled, not run-error', async () => {
    const h = harness();
    const inStep = deferred();
    let reachedGate = false;
    nextRun({
      steps: 10,
      gate: (k) => {
        if (k !== 1) return Promise.resolve();
        reachedGate = true;
        return inStep.promise;
      },
    });
    h.scheduler.start('a', 1, S);
    await until(() => reachedGate, 'step 2 of run 1');
    h.scheduler.cancel(1);
    inStep.reject(new Error('aborted'));
    await drained(h);
    expect(h.trace()).toEqual(['run-start a1', 'frame a1', 'run-cancelled a1', 'onIdle', 'idle']);
  });
});

describe('RunScheduler: errors are reported, not swallowed', () => {
  it('a step that throws ends the run with run-error (field and problem of a FieldError)', async () => {
    const h = harness();
    const probe = nextRun({ steps: 10, failAt: 2, error: new FieldError('reward.expr', 'log of a negative number') });
    h.scheduler.start('b', 3, S);
    await drained(h);
    expect(h.trace()).toEqual(['run-start b3', 'frame b3', 'frame b3', 'run-error b3', 'onIdle', 'idle']);
    expect(h.received()[3]).toEqual({
      type: 'run-error',
      lane: 'b',
      runId: 3,
      field: 'reward.expr',
      problem: 'log of a negative number',
    });
    expect(probe.finallyRan).toBe(true);
    expect(probe.begun).toBe(3);
  });

  it('a plain Error gives field null and its message; a thrown non-Error is stringified', async () => {
    const h = harness();
    nextRun({ steps: 3, failAt: 0, error: new Error('out of memory') });
    nextRun({ steps: 3, failAt: 1, error: 'just a string' });
    nextRun({ steps: 3, failAt: 0, error: { field: 42, problem: 'not a field name' } });
    h.scheduler.start('a', 1, S);
    await drained(h);
    h.scheduler.start('a', 2, S);
    await drained(h);
    h.scheduler.start('a', 3, S);
    await drained(h);
    const errors = h.received().filter((m) => m.type === 'run-error');
    expect(errors).toEqual([
      { type: 'run-error', lane: 'a', runId: 1, field: null, problem: 'out of memory' },
      { type: 'run-error', lane: 'a', runId: 2, field: null, problem: 'just a string' },
      { type: 'run-error', lane: 'a', runId: 3, field: null, problem: 'not a field name' },
    ]);
  });

  it('a scenario that prepare() rejects gives run-error and no run-start, and nothing is started', async () => {
    const h = harness(() => {
      throw new FieldError('sampler.lambda', 'the tilt cannot be normalised');
    });
    h.scheduler.start('a', 9, S);
    await drained(h);
    expect(h.received()).toEqual([
      { type: 'run-error', lane: 'a', runId: 9, field: 'sampler.lambda', problem: 'the tilt cannot be normalised' },
    ]);
    expect(runPreparedMock).not.toHaveBeenCalled();
    expect(h.scheduler.busy).toBe(false);
  });

  it('a rejected scenario still replaces the lane’s run (the new request wins at once)', async () => {
    let calls = 0;
    const h = harness((scenario) => {
      if (++calls === 2) throw new Error('bad scenario');
      return fakePrepare(scenario);
    });
    const old = nextRun({ steps: 1_000 });
    h.scheduler.start('a', 1, S);
    await until(() => h.frames(1).length >= 1, 'a frame of run 1');
    h.scheduler.start('a', 2, S);
    await drained(h);
    const trace = h.trace();
    expect(trace.slice(indexOf(trace, 'run-error a2'))).toEqual(['run-error a2', 'run-cancelled a1', 'onIdle', 'idle']);
    expect(old.finallyRan).toBe(true);
  });

  it('an error in one lane does not stop the other', async () => {
    const h = harness();
    nextRun({ steps: 10, failAt: 1, error: new Error('boom') });
    nextRun({ steps: 4 });
    h.scheduler.start('a', 1, S);
    h.scheduler.start('b', 2, S);
    await drained(h);
    const trace = h.trace();
    expect(trace).toContain('run-error a1');
    expect(h.frames(2)).toHaveLength(4);
    expect(trace.slice(-3)).toEqual(['run-done b2', 'onIdle', 'idle']);
  });
});

describe('RunScheduler: two lanes (compare mode)', () => {
  it('advances both runs one step at a time in turn, and goes idle once, after both are done', async () => {
    const h = harness();
    nextRun({ steps: 6 });
    nextRun({ steps: 6 });
    h.scheduler.start('a', 1, S);
    h.scheduler.start('b', 2, S);
    await drained(h);
    const trace = h.trace();
    expect(h.frames(1)).toHaveLength(6);
    expect(h.frames(2)).toHaveLength(6);
    // While both runs are live, no lane takes two steps in a row.
    const firstB = indexOf(trace, 'frame b2');
    const doneA = indexOf(trace, 'run-done a1');
    const frameLanes = trace.slice(firstB, doneA).filter((t) => t.startsWith('frame'));
    expect(frameLanes.length).toBeGreaterThanOrEqual(8);
    frameLanes
      .slice(1)
      .forEach((t, i) => expect(t, `step ${i + 1} of ${frameLanes.join(', ')}`).not.toBe(frameLanes[i]));
    expect(trace.filter((t) => t === 'idle')).toHaveLength(1);
    expect(trace.filter((t) => t === 'onIdle')).toHaveLength(1);
    expect(trace.slice(-2)).toEqual(['onIdle', 'idle']);
    expect(indexOf(trace, 'run-done b2')).toBeLessThan(indexOf(trace, 'onIdle'));
  });

  it('a new run in lane b leaves lane a running; cancelLane(b) stops only lane b', async () => {
    const h = harness();
    const a = nextRun({ steps: 30 });
    const b1 = nextRun({ steps: 1_000 });
    const b2 = nextRun({ steps: 1_000 });
    h.scheduler.start('a', 1, S);
    h.scheduler.start('b', 2, S);
    await until(() => h.frames(2).length >= 2, 'two frames of run 2');
    h.scheduler.start('b', 3, S);
    await until(() => h.frames(3).length >= 2, 'two frames of run 3');
    h.scheduler.cancelLane('b');
    await drained(h);
    const trace = h.trace();
    expect(trace).toContain('run-cancelled b2');
    expect(trace).toContain('run-cancelled b3');
    expect(trace).toContain('run-done a1');
    expect(trace).not.toContain('run-cancelled a1');
    expect(h.frames(1)).toHaveLength(30);
    expect([a.finallyRan, b1.finallyRan, b2.finallyRan]).toEqual([true, true, true]);
  });

  it('cancelAll() closes every lane and drain() then resolves', async () => {
    const h = harness();
    const a = nextRun({ steps: 1_000 });
    const b = nextRun({ steps: 1_000 });
    h.scheduler.start('a', 1, S);
    h.scheduler.start('b', 2, S);
    await until(() => h.frames(2).length >= 1, 'a frame of run 2');
    h.scheduler.cancelAll();
    const counts = [h.frames(1).length, h.frames(2).length];
    await drained(h);
    expect([h.frames(1).length, h.frames(2).length]).toEqual(counts);
    const trace = h.trace();
    expect(trace.filter((t) => t.startsWith('run-cancelled')).sort()).toEqual(['run-cancelled a1', 'run-cancelled b2']);
    expect(trace.slice(-2)).toEqual(['onIdle', 'idle']);
    expect([a.finallyRan, b.finallyRan]).toEqual([true, true]);
    expect(h.scheduler.busy).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real runs: core's parseScenario and runPrepared and the engine's prepareRun on the tfjs CPU backend.

describe('RunScheduler with real runs', () => {
  const input = (steps: number, seed = 3) => ({
    model: { kind: 'gmm', ...FIXTURE_GMM },
    reward: { kind: 'linear', theta: [1, 0.5] },
    sampler: { kind: 'kl-tilt', lambda: 1 },
    particles: 32,
    steps,
    seed,
  });
  /** Validated as the page does before it posts the run. */
  const scenario = (steps: number, seed = 3) => parseScenario(input(steps, seed));
  let baseline = 0;

  beforeAll(async () => {
    // Warm up once so that anything tfjs keeps for good (kernels, constants) is already there.
    const h = harness(prepareRun);
    h.scheduler.start('a', 0, scenario(4));
    await drained(h);
    baseline = tf.memory().numTensors;
  });

  function lastIdle(h: Harness): number {
    const idle = h.received().at(-1)!;
    expect(idle.type).toBe('idle');
    return idle.type === 'idle' ? idle.liveTensors : NaN;
  }

  it('a complete run: validated scenario and exact target in run-start, one frame per step, N samples', async () => {
    const h = harness(prepareRun);
    h.scheduler.start('a', 1, scenario(6));
    await drained(h);
    const msgs = h.received();
    expect(h.trace()).toEqual(['run-start a1', ...new Array(6).fill('frame a1'), 'run-done a1', 'onIdle', 'idle']);
    const start = msgs[0] as Extract<FromEngine, { type: 'run-start' }>;
    expect((start.scenario as { steps: number }).steps).toBe(6);
    expect(start.exact).not.toBeNull();
    for (const f of h.frames(1)) expect(f.positions).toHaveLength(64);
    expect(h.frames(1).map((f) => f.stats.k)).toEqual([5, 4, 3, 2, 1, 0]);
    const done = msgs.find((m) => m.type === 'run-done') as Extract<FromEngine, { type: 'run-done' }>;
    expect(done.samples).toHaveLength(64);
    expect(done.samples.every(Number.isFinite)).toBe(true);
    expect(done.summary.backend).toBe('cpu');
    expect(lastIdle(h)).toBe(baseline);
  });

  it('a cancelled run frees its tensors (the samplers’ finally blocks ran)', async () => {
    const h = harness(prepareRun);
    h.scheduler.start('a', 1, scenario(200));
    await until(() => h.frames(1).length >= 3, 'three frames');
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    h.scheduler.cancel(1);
    await drained(h);
    expect(h.trace().slice(-3)).toEqual(['run-cancelled a1', 'onIdle', 'idle']);
    expect(h.frames(1).length).toBeLessThan(200);
    expect(lastIdle(h)).toBe(baseline);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a replaced run frees its tensors and none of its frames follow the new run-start', async () => {
    const h = harness(prepareRun);
    h.scheduler.start('a', 1, scenario(200));
    await until(() => h.frames(1).length >= 2, 'two frames');
    h.scheduler.start('a', 2, scenario(5, 4));
    await drained(h);
    const trace = h.trace();
    const after = trace.slice(indexOf(trace, 'run-start a2'));
    expect(after).not.toContain('frame a1');
    expect(after.filter((t) => t === 'run-cancelled a1')).toHaveLength(1);
    expect(h.frames(2)).toHaveLength(5);
    expect(trace.slice(-3)).toEqual(['run-done a2', 'onIdle', 'idle']);
    expect(lastIdle(h)).toBe(baseline);
  });

  it('startUnchecked: unvalidated input is validated here; defaults are filled in and the run goes ahead', async () => {
    const h = harness(prepareRun);
    const raw: Record<string, unknown> = input(4);
    delete raw.seed;
    h.scheduler.startUnchecked('a', 1, raw);
    await drained(h);
    expect(h.trace()).toEqual(['run-start a1', ...new Array(4).fill('frame a1'), 'run-done a1', 'onIdle', 'idle']);
    const start = h.received()[0] as Extract<FromEngine, { type: 'run-start' }>;
    expect(start.scenario).toEqual(parseScenario(raw));
    expect(lastIdle(h)).toBe(baseline);
  });

  it('startUnchecked: a bad field is a run-error naming it, no run starts, and the lane’s old run is replaced', async () => {
    const h = harness(prepareRun);
    h.scheduler.start('a', 1, scenario(200));
    await until(() => h.frames(1).length >= 1, 'a frame of run 1');
    h.scheduler.startUnchecked('a', 2, { ...input(5), particles: -3 });
    await drained(h);
    const trace = h.trace();
    expect(trace.slice(indexOf(trace, 'run-error a2'))).toEqual(['run-error a2', 'run-cancelled a1', 'onIdle', 'idle']);
    expect(trace).not.toContain('run-start a2');
    const error = h.received().find((m) => m.type === 'run-error')!;
    expect(error.type === 'run-error' && error.field).toBe('particles');
    expect(error.type === 'run-error' && error.problem.length).toBeGreaterThan(0);
    expect(lastIdle(h)).toBe(baseline);
  });

  const lanes: Lane[] = ['a', 'b'];
  it('two real lanes at once free everything when both finish', async () => {
    const h = harness(prepareRun);
    lanes.forEach((lane, i) => h.scheduler.start(lane, i + 1, scenario(5, 10 + i)));
    await drained(h);
    expect(h.frames(1)).toHaveLength(5);
    expect(h.frames(2)).toHaveLength(5);
    expect(h.trace().filter((t) => t.startsWith('run-done'))).toHaveLength(2);
    expect(lastIdle(h)).toBe(baseline);
  });
});
