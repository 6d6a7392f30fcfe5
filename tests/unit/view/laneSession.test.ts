/**
 * LaneSession.receive (src/view/session/LaneSession.ts): messages of a run that is no longer the lane's current
 * one are dropped (statistics, positions, the end, errors), another lane's messages are not taken, step
 * statistics apply in order (at once, or batched until the host flushes), every other message sees the steps
 * before it, an error sets the error state, and a run started with `keepShown` replaces the finished run on
 * screen only when its first step arrives.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, validateScenario } from '../../../src/core/scenario';
import type { Scenario } from '../../../src/core/scenario';
import type { StepStats } from '../../../src/core/types';
import type { FromEngine, FromEngineOf, Lane, ToEngine } from '../../../src/engine/messages';
import { LaneSession } from '../../../src/view/session/LaneSession';
import type { RunSummary } from '../../../src/engine/messages';

const checked = validateScenario(DEFAULT_SCENARIO);
if (!checked.ok) throw new Error('the default scenario does not validate');
const SCENARIO: Scenario = { ...checked.scenario, particles: 4, steps: 3 };
const SIZE = { particles: 4, steps: 3 };

function session(options: { lane?: Lane; batched?: boolean } = {}) {
  const sent: ToEngine[] = [];
  let flushRequests = 0;
  const s = new LaneSession({
    engine: { send: (m) => sent.push(m) },
    lane: options.lane ?? 'a',
    requestFlush: options.batched ? () => flushRequests++ : undefined,
  });
  return { s, sent, flushRequests: () => flushRequests };
}

function stats(k: number): StepStats {
  return {
    k,
    t: 1 - k / 3,
    meanReward: k * 10,
    logWeightVar: null,
    logWeightVarCum: null,
    ess: null,
    resampled: false,
  };
}

const start = (runId: number, lane: Lane = 'a'): FromEngine => ({
  type: 'run-start',
  lane,
  runId,
  scenario: SCENARIO,
  exact: null,
  backend: 'cpu',
});
const frame = (runId: number, k: number, lane: Lane = 'a'): FromEngine => ({
  type: 'frame',
  lane,
  runId,
  stats: stats(k),
  positions: new Float32Array(8).fill(k),
  msPerStep: k + 0.5,
});
const summary = { meanReward: 1.5 } as unknown as RunSummary;
const done = (runId: number, fill = 9): FromEngine => ({
  type: 'run-done',
  lane: 'a',
  runId,
  summary,
  genealogy: null,
  samples: new Float32Array(8).fill(fill),
});

describe('LaneSession', () => {
  it('starts a run in the engine and shows it as starting', () => {
    const { s, sent } = session({ lane: 'b' });
    s.start(4, SCENARIO, SIZE);
    expect(sent).toEqual([{ type: 'run', lane: 'b', runId: 4, scenario: SCENARIO }]);
    expect(s.run).toMatchObject({ runId: 4, status: 'starting', stats: [], frameCount: 0 });
  });

  it('applies a run start, its steps in order and its end', () => {
    const { s } = session();
    s.start(1, SCENARIO, SIZE);
    expect(s.receive(start(1))).toBe(true);
    expect(s.run.status).toBe('running');
    expect(s.run.scenario).toBe(SCENARIO);
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1, 2]);
    expect(s.run.msPerStep).toBe(2.5);
    expect(s.run.frameCount).toBe(3);
    expect(s.frames.frame(1)![0]).toBe(1);
    s.receive(done(1));
    expect(s.run.status).toBe('done');
    expect(s.run.summary).toBe(summary);
    expect(s.run.frameCount).toBe(4);
    expect(s.frames.frame(3)![0]).toBe(9);
  });

  it('drops every message of a run that is no longer current', () => {
    const { s } = session();
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(frame(1, 0));
    s.start(2, SCENARIO, SIZE); // replaces run 1
    expect(s.receive(frame(1, 1))).toBe(false);
    expect(s.receive(done(1))).toBe(false);
    expect(s.receive({ type: 'run-error', lane: 'a', runId: 1, field: null, problem: 'late' })).toBe(false);
    expect(s.receive({ type: 'run-cancelled', lane: 'a', runId: 1 })).toBe(false);
    expect(s.run).toMatchObject({ runId: 2, status: 'starting', stats: [], frameCount: 0, error: null, summary: null });
    expect(s.frames.count).toBe(0);
    // The current run still applies.
    s.receive(start(2));
    s.receive(frame(2, 0));
    expect(s.run.stats).toHaveLength(1);
    expect(s.frames.frame(0)![0]).toBe(0);
  });

  it("does not take another lane's messages", () => {
    const { s } = session({ lane: 'a' });
    s.start(1, SCENARIO, SIZE);
    expect(s.receive(frame(1, 0, 'b'))).toBe(false);
    expect(s.receive(start(1, 'b'))).toBe(false);
    expect(s.run.status).toBe('starting');
    expect(s.run.stats).toHaveLength(0);
    expect(s.receive({ type: 'idle', liveTensors: 3 })).toBe(false);
  });

  it('sets the error state from an error message', () => {
    const { s } = session();
    s.start(3, SCENARIO, SIZE);
    s.receive(start(3));
    s.receive({ type: 'run-error', lane: 'a', runId: 3, field: 'sampler.lambda', problem: 'produced NaN' });
    expect(s.run.status).toBe('error');
    expect(s.run.error).toEqual({ field: 'sampler.lambda', problem: 'produced NaN' });
  });

  it('batches step statistics until the host flushes, in order, and once per batch', () => {
    const { s, flushRequests } = session({ batched: true });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    const updates: number[] = [];
    s.store.subscribe((run) => updates.push(run.stats.length));
    s.receive(frame(1, 0));
    s.receive(frame(1, 1));
    expect(flushRequests()).toBe(1);
    expect(s.run.stats).toHaveLength(0); // queued, not yet applied
    expect(s.frames.count).toBe(2); // positions are kept at once
    s.flush();
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1]);
    expect(updates).toEqual([2]);
    s.receive(frame(1, 2));
    expect(flushRequests()).toBe(2);
  });

  it('applies the queued steps before the run end, so the end sees them', () => {
    const { s } = session({ batched: true });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    s.receive(done(1));
    expect(s.run.status).toBe('done');
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1, 2]);
    expect(s.run.frameCount).toBe(4);
  });

  it('drops queued steps of a run replaced before the flush', () => {
    const { s } = session({ batched: true });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(frame(1, 0));
    s.start(2, SCENARIO, SIZE);
    s.flush();
    expect(s.run.runId).toBe(2);
    expect(s.run.stats).toHaveLength(0);
  });

  it('adopts a run set from outside, and drops the queued steps of the run it replaces', () => {
    const { s } = session({ batched: true });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(frame(1, 0));
    const restored = { ...s.run, runId: 9, status: 'done' as const, stats: [stats(0), stats(1)], frameCount: 3 };
    s.adopt(restored);
    expect(s.run).toBe(restored);
    s.flush();
    expect(s.run.stats).toHaveLength(2);
    expect(s.receive(frame(1, 1))).toBe(false);
  });

  it('keeps a finished run on screen until the next run started with keepShown sends its first step', () => {
    const { s } = session();
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    s.receive(done(1));
    s.start(2, { ...SCENARIO, particles: 8 }, { particles: 8, steps: 3 }, { keepShown: true });
    expect(s.holding).toBe(true);
    const live: FromEngine = {
      type: 'run-start',
      lane: 'a',
      runId: 2,
      scenario: { ...SCENARIO, particles: 8 },
      exact: null,
      backend: 'wasm',
    };
    expect(s.receive(live)).toBe(true);
    // Still the finished run.
    expect(s.run).toMatchObject({ runId: 1, status: 'done', frameCount: 4 });
    s.receive(frame(2, 0));
    expect(s.holding).toBe(false);
    expect(s.run).toMatchObject({ runId: 2, status: 'running', backend: 'wasm', frameCount: 1 });
    expect(s.run.scenario!.particles).toBe(8);
    expect(s.run.stats.map((st) => st.k)).toEqual([0]);
    // The finished run's late messages are stale now.
    expect(s.receive(done(1))).toBe(false);
  });

  it("keeps a finished run on screen until a run started with keepShown: 'until-done' has finished, then shows it finished", () => {
    const settled: number[] = [];
    const sent: ToEngine[] = [];
    const s = new LaneSession({ engine: { send: (m) => sent.push(m) }, onHeldSettled: (id) => settled.push(id) });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    s.receive(done(1, 7));
    const shownBefore = s.frames.frame(3);
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    expect(s.holding).toBe(true);
    expect(sent[sent.length - 1]).toMatchObject({ type: 'run', runId: 2 });
    s.receive({ ...(start(2) as FromEngineOf<'run-start'>), backend: 'wasm' });
    // Every step of the new run arrives: the finished run stays on screen, numbers and picture.
    for (const k of [0, 1, 2]) {
      expect(s.receive(frame(2, k))).toBe(true);
      expect(s.run).toMatchObject({ runId: 1, status: 'done', frameCount: 4 });
      expect(s.frames.frame(3)).toBe(shownBefore);
    }
    expect(settled).toEqual([]);
    s.receive(done(2, 5));
    // Replaced at once by the new run, finished: all its steps, its summary and its final samples.
    expect(s.holding).toBe(false);
    expect(settled).toEqual([2]);
    expect(s.run).toMatchObject({ runId: 2, status: 'done', backend: 'wasm', frameCount: 4, summary, msPerStep: 2.5 });
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1, 2]);
    expect(Array.from(s.frames.frame(3)!)).toEqual(new Array(8).fill(5));
    expect(Array.from(s.frames.frame(1)!)).toEqual(new Array(8).fill(1));
    expect(s.receive(frame(1, 0))).toBe(false);
  });

  it("a newer held run replaces an older one still held; the older one's messages are dropped", () => {
    const { s } = session();
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(done(1, 7));
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    s.receive(start(2));
    s.receive(frame(2, 0));
    s.start(3, SCENARIO, SIZE, { keepShown: 'until-done' });
    expect(s.receive(frame(2, 1))).toBe(false);
    expect(s.receive(done(2))).toBe(false);
    expect(s.run).toMatchObject({ runId: 1, status: 'done' });
    s.receive(start(3));
    for (const k of [0, 1, 2]) s.receive(frame(3, k));
    s.receive(done(3, 4));
    expect(s.run).toMatchObject({ runId: 3, status: 'done', frameCount: 4 });
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1, 2]);
  });

  it('a held run that fails keeps the last good run on screen with its error, and says it settled', () => {
    const settled: number[] = [];
    const s = new LaneSession({ engine: { send: () => undefined }, onHeldSettled: (id) => settled.push(id) });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(done(1));
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    const picture = s.frames.frame(0);
    s.receive({ type: 'run-error', lane: 'a', runId: 2, field: 'sampler.lambda', problem: 'bad' });
    // The failed run computed no step of its own: what is shown is the previous run's, and the lane says so.
    expect(s.run).toMatchObject({ runId: 2, status: 'error', error: { field: 'sampler.lambda', problem: 'bad' }, frameCount: 1, summary, failedBehind: 0 });
    expect(s.frames.frame(0)).toBe(picture);
    expect(settled).toEqual([2]);
  });

  it('a second failure in a row still keeps the last good run, picture and numbers, on screen', () => {
    const s = new LaneSession({ engine: { send: () => undefined } });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    s.receive(done(1));
    const picture = s.frames.frame(0);
    const stats = s.run.stats;
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    s.receive({ type: 'run-error', lane: 'a', runId: 2, field: null, problem: 'the run produced a non-finite value' });
    // The next edit's run is held behind that picture as well, not started on an emptied lane.
    s.start(3, SCENARIO, SIZE, { keepShown: 'until-done' });
    expect(s.holding).toBe(true);
    s.receive({ type: 'run-error', lane: 'a', runId: 3, field: null, problem: 'the run produced a non-finite value' });
    expect(s.run).toMatchObject({ runId: 3, status: 'error', summary, failedBehind: 0, frameCount: 1 });
    expect(s.run.stats).toBe(stats);
    expect(s.frames.frame(0)).toBe(picture);
  });

  it('stop cancels the run in the engine and empties the lane', () => {
    const { s, sent } = session();
    s.start(6, SCENARIO, SIZE);
    s.receive(start(6));
    s.stop();
    expect(sent[sent.length - 1]).toEqual({ type: 'cancel', runId: 6 });
    expect(s.run).toMatchObject({ runId: -1, status: 'idle' });
    expect(s.receive(frame(6, 0))).toBe(false);
  });

  it('cancel stops a computing run where it is: its steps stay, and it reads as stopped by the user', () => {
    const { s, sent } = session();
    s.start(7, SCENARIO, SIZE);
    s.receive(start(7));
    s.receive(frame(7, 0));
    s.receive(frame(7, 1));
    expect(s.cancel()).toBe(true);
    expect(sent[sent.length - 1]).toEqual({ type: 'cancel', runId: 7 });
    // Until the engine confirms, the run is still the lane's and still computing.
    expect(s.run).toMatchObject({ runId: 7, status: 'running' });
    s.receive({ type: 'run-cancelled', lane: 'a', runId: 7 });
    expect(s.run).toMatchObject({ runId: 7, status: 'cancelled', stoppedByUser: true, frameCount: 2 });
    expect(s.run.stats.map((st) => st.k)).toEqual([0, 1]);
    expect(s.frames.frame(1)?.[0]).toBe(1);
    // Nothing is computing any more: a second Stop sends nothing.
    const before = sent.length;
    expect(s.cancel()).toBe(false);
    expect(sent.length).toBe(before);
  });

  it('a run cancelled by the engine (replaced, a backend change) does not read as stopped by the user', () => {
    const { s } = session();
    s.start(8, SCENARIO, SIZE);
    s.receive(start(8));
    s.receive({ type: 'run-cancelled', lane: 'a', runId: 8 });
    expect(s.run).toMatchObject({ status: 'cancelled', stoppedByUser: false });
  });

  it('cancel drops a run computing behind a finished picture, which stays as it was', () => {
    const settled: number[] = [];
    const sent: ToEngine[] = [];
    const s = new LaneSession({ engine: { send: (m) => sent.push(m) }, lane: 'a', onHeldSettled: (id) => settled.push(id) });
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    s.receive(done(1));
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    s.receive(start(2));
    s.receive(frame(2, 0));
    expect(s.cancel()).toBe(true);
    expect(sent[sent.length - 1]).toEqual({ type: 'cancel', runId: 2 });
    expect(settled).toEqual([2]);
    expect(s.holding).toBe(false);
    expect(s.run).toMatchObject({ runId: 1, status: 'done', frameCount: 4 });
    // The stopped run's late messages change nothing.
    expect(s.receive(frame(2, 1))).toBe(false);
    expect(s.receive(done(2))).toBe(false);
    expect(s.run).toMatchObject({ runId: 1, status: 'done' });
  });

  it('a run held until done reports its progress in `behind`, without touching the run on screen, and clears it when it replaces the picture', () => {
    const { s } = session();
    s.start(1, SCENARIO, SIZE);
    s.receive(start(1));
    for (const k of [0, 1, 2]) s.receive(frame(1, k));
    s.receive(done(1));
    const shown = s.run;
    expect(s.behind.getState().progress).toBeNull();
    s.start(2, SCENARIO, SIZE, { keepShown: 'until-done' });
    expect(s.behind.getState().progress).toEqual({ computed: 0, steps: 3 });
    s.receive(start(2));
    s.receive(frame(2, 0));
    s.receive(frame(2, 1));
    expect(s.behind.getState().progress).toEqual({ computed: 2, steps: 3 });
    // The run on screen is the same object: nothing that reads it re-renders for the progress.
    expect(s.run).toBe(shown);
    s.receive(frame(2, 2));
    s.receive(done(2));
    expect(s.run).toMatchObject({ runId: 2, status: 'done' });
    expect(s.behind.getState().progress).toBeNull();
  });

  it('shows a finished run without the engine', () => {
    const { s, sent } = session();
    const samples = new Float32Array(8).fill(5);
    s.showFinished(0, { scenario: SCENARIO, stats: [stats(0), stats(1), stats(2)], exact: null, samples });
    expect(sent).toEqual([]);
    expect(s.run).toMatchObject({ runId: 0, status: 'done', frameCount: 4 });
    expect(s.frames.frame(3)).toBe(samples);
  });
});
