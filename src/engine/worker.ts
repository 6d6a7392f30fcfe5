/**
 * The engine worker: owns tfjs, the backend choice and every run. The page sends ToEngine messages and
 * draws what comes back (FromEngine). Messages that change state (init, backend, run, train) are handled
 * one after another; cancels act at once.
 *
 * Backend policy (architecture.md "Engine and performance rules"): start on CPU so that the first particles move
 * immediately, then — once idle — probe the other backends with a few timed forwards and switch to the
 * fastest. The page caches the probe's choice and sends it back on the next visit. A lost GPU device
 * falls back to the next-best backend and tells the page, which re-runs the user's scenario.
 */
/// <reference lib="webworker" />
import '@tensorflow/tfjs-core';
// Gradients of the tfjs ops (reward guidance, formula rewards, W-prox ascent and training use tf.grad); a
// bundle must register them once, core cannot (run.ts). After tfjs-core itself: they read its flags.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { checkFormula } from '../core/rewards/index';
import { parseScenario } from '../core/scenario';
import type { Scenario } from '../core/scenario';
import { activateBackend, activeBackend, BackendUnavailable, loseDevice, retireBackend, wasmThreads, watchDeviceLoss } from './backends';
import { BACKEND_LABEL, BACKEND_ORDER } from './messages';
import type { BackendName, FromEngine, Lane, ProbeEntry, ToEngine } from './messages';
import { prepareRun } from './prepareRun';
import { fastest, probeBackends } from './probe';
import { RunScheduler } from './runScheduler';
import { startingScenarioInput } from './startScenario';
import type { Trainer } from './trainer';
import type { FineTuner } from './finetuner';
import { fineTunedDenoiser } from './finetuneModels';
import type { Denoiser } from '../core/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: FromEngine, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

let modelsBaseUrl = '';
let probePending = false;
let lastProbe: ProbeEntry[] | undefined;
let stopWatching: () => void = () => {};

async function loadModel(name: string): Promise<Denoiser> {
  const tuned = fineTunedDenoiser(name);
  if (tuned) return tuned;
  // A model fine-tuned on an earlier visit is rebuilt from what was saved in this browser.
  const { loadSavedFineTuned } = await import('./saved/persistModels');
  const saved = await loadSavedFineTuned(name, loadModel);
  if (saved) return saved;
  const { loadDenoiser } = await import('./modelStore');
  return loadDenoiser(modelsBaseUrl, name);
}

const scheduler = new RunScheduler({
  post,
  runOptions: () => ({ loadModel }),
  backend: activeBackend,
  prepare: prepareRun,
  onIdle: () => {
    if (probePending) enqueue(probeAndSwitch);
  },
});

/** Created on the first training request: training code (tfjs-layers) is a chunk of its own. */
let trainer: Trainer | null = null;
async function getTrainer(): Promise<Trainer> {
  if (!trainer) {
    const { Trainer } = await import('./trainer');
    trainer ??= new Trainer(post);
  }
  return trainer;
}

/** Created on the first fine-tuning request (its own chunk, like the trainer). */
let fineTuner: FineTuner | null = null;
async function getFineTuner(): Promise<FineTuner> {
  if (!fineTuner) {
    const { FineTuner } = await import('./finetuner');
    fineTuner ??= new FineTuner(post, loadModel, activeBackend);
  }
  return fineTuner;
}

/** Serialises state-changing work; a failure is reported and does not stop the queue. */
let queue: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void): void {
  queue = queue.then(task).catch((e) => console.error('engine:', e));
}

interface UseOptions {
  fallbackFrom?: BackendName;
  cacheable?: boolean;
  runsStopped?: boolean;
}

async function use(name: BackendName, reason: string, extra: UseOptions = {}): Promise<void> {
  stopWatching();
  await activateBackend(name);
  stopWatching = watchDeviceLoss(name, (detail) => enqueue(() => fallAfterLoss(name, detail)));
  post({
    type: 'backend',
    backend: name,
    reason,
    probe: lastProbe,
    threads: wasmThreads() ?? undefined,
    cacheable: extra.cacheable ?? false,
    runsStopped: extra.runsStopped ?? false,
    fallbackFrom: extra.fallbackFrom,
  });
}

/** Activates the first backend in `order` that works. */
async function useFirstWorking(order: readonly BackendName[], reason: (name: BackendName) => string, extra: UseOptions = {}): Promise<void> {
  for (const name of order) {
    try {
      await use(name, reason(name), extra);
      return;
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
    }
  }
  throw new Error('no tfjs backend could be initialised');
}

async function stopEverything(): Promise<void> {
  scheduler.cancelAll();
  trainer?.cancelAll();
  fineTuner?.cancelAll();
  await scheduler.drain();
  await trainer?.drain();
  await fineTuner?.drain();
}

async function probeAndSwitch(runsStopped = false): Promise<void> {
  if (!probePending) return;
  if (scheduler.busy || trainer?.busy || fineTuner?.busy) return; // probed at the next idle moment instead
  probePending = false;
  const candidates = BACKEND_ORDER.filter((b) => b !== 'cpu');
  post({ type: 'probing', backends: candidates });
  stopWatching();
  const entries = await probeBackends(candidates);
  // CPU is timed only when nothing faster worked; it is always there as the last resort.
  if (!entries.some((e) => e.ok && (e.msPerForward ?? Infinity) < 250)) entries.push(...(await probeBackends(['cpu'])));
  else entries.push({ backend: 'cpu', ok: true, reason: 'not timed: a faster backend works' });
  lastProbe = entries;
  const best = fastest(entries);
  const ms = entries.find((e) => e.backend === best)?.msPerForward;
  const why = `fastest in the probe${ms !== undefined ? ` (${ms.toFixed(1)} ms per forward at N = 2048)` : ''}`;
  await useFirstWorking([best, ...BACKEND_ORDER.filter((b) => b !== best)], (b) => (b === best ? why : `${BACKEND_LABEL[best]} failed to start`), {
    cacheable: true,
    runsStopped,
  });
}

function usesLearnedModel(scenario: unknown): boolean {
  const model = (scenario as { model?: { kind?: unknown } } | null)?.model;
  return model?.kind === 'mlp';
}

/** Particles × steps from which a run on CPU takes long enough (seconds) that probing first pays for itself. */
const BIG_RUN_WORK = 1 << 19;

function isBigRun(scenario: unknown): boolean {
  const s = scenario as { particles?: unknown; steps?: unknown } | null;
  return typeof s?.particles === 'number' && typeof s.steps === 'number' && s.particles * s.steps >= BIG_RUN_WORK;
}

/**
 * A learned model on CPU takes ~50× longer per step than the analytic GMM, and a big run (65,536 particles ×
 * 1,000 steps) would take minutes on CPU, so a first visit that opens on either probes before the run instead of
 * after it.
 */
async function startRun(lane: Lane, runId: number, scenario: unknown, opts: { unchecked?: boolean } = {}): Promise<void> {
  if (probePending && (usesLearnedModel(scenario) || isBigRun(scenario))) {
    await scheduler.drain();
    await probeAndSwitch();
  }
  if (opts.unchecked) scheduler.startUnchecked(lane, runId, scenario);
  else scheduler.start(lane, runId, scenario as Scenario);
}

async function fallAfterLoss(lost: BackendName, detail: string): Promise<void> {
  if (activeBackend() !== lost) return;
  await stopEverything();
  retireBackend(lost, detail);
  const ranked = lastProbe
    ? [...lastProbe].filter((e) => e.ok && e.backend !== lost).sort((a, b) => (a.msPerForward ?? 1e9) - (b.msPerForward ?? 1e9)).map((e) => e.backend)
    : [];
  const order = [...ranked, ...(['wasm', 'cpu'] as BackendName[]).filter((b) => !ranked.includes(b))];
  await useFirstWorking(order, (b) => `${detail}; switched to ${BACKEND_LABEL[b]}`, { fallbackFrom: lost, runsStopped: true });
}

async function init(cached: BackendName | null): Promise<void> {
  if (cached && cached !== 'cpu') {
    try {
      await use(cached, 'your saved choice', { cacheable: true });
      return;
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
    }
  }
  await use('cpu', cached === 'cpu' ? 'your saved choice' : 'starting on CPU while the faster backends are probed', { cacheable: cached === 'cpu' });
  probePending = cached !== 'cpu';
}

async function setBackend(name: BackendName): Promise<void> {
  probePending = false;
  await stopEverything();
  try {
    await use(name, 'chosen from the menu', { cacheable: true, runsStopped: true });
  } catch (e) {
    const why = e instanceof BackendUnavailable ? e.reason : String(e);
    await use(activeBackend(), `${BACKEND_LABEL[name]} is not available: ${why}`, { runsStopped: true });
  }
}

scope.onmessage = (event: MessageEvent<ToEngine>) => {
  const m = event.data;
  switch (m.type) {
    case 'cancel':
      scheduler.cancel(m.runId);
      return;
    case 'cancel-train':
      trainer?.cancel(m.trainId);
      return;
    case 'check-formula': {
      const result = checkFormula(m.expr);
      post(result.ok ? { type: 'formula-check', checkId: m.checkId, ok: true } : { type: 'formula-check', checkId: m.checkId, ...result });
      return;
    }
    case 'lose-device':
      loseDevice();
      return;
    case 'init':
      modelsBaseUrl = m.modelsBaseUrl;
      enqueue(() => init(m.cachedBackend));
      return;
    case 'set-backend':
      enqueue(() => setBackend(m.backend));
      return;
    case 'probe':
      enqueue(async () => {
        await stopEverything();
        probePending = true;
        await probeAndSwitch(true);
      });
      return;
    case 'run':
      // A new run replaces its lane's run at once; the start itself waits for any backend change.
      scheduler.cancelLane(m.lane);
      enqueue(() => startRun(m.lane, m.runId, m.scenario));
      return;
    case 'run-link':
      scheduler.cancelLane(m.lane);
      enqueue(() => startRun(m.lane, m.runId, m.link, { unchecked: true }));
      return;
    case 'run-opening':
      scheduler.cancelLane(m.lane);
      enqueue(() => startRun(m.lane, m.runId, parseScenario(startingScenarioInput())));
      return;
    case 'train':
      enqueue(async () => (await getTrainer()).start(m.trainId, m.name, m.label, m.points, m.steps));
      return;
    case 'forget-model':
      enqueue(async () => (await import('./modelStore')).forgetModel(m.name));
      return;
    case 'finetune':
      enqueue(async () => (await getFineTuner()).start(m.jobId, m.name, m.job));
      return;
    case 'finetune-control':
      fineTuner?.control(m.jobId, m.action);
      return;
  }
};
