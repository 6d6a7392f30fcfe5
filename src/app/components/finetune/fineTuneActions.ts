/**
 * What the fine-tune panel does: start a job in the engine worker (on the page's backend), pause, resume or stop
 * it, apply the engine's fine-tune messages to the store, and make the finished model the base model so that
 * any sampler runs on it. The panel listens to the engine itself (one subscription, made on the first start).
 */
import type { MethodKind } from '../../../core/finetune/config';
import type { ModelSpec } from '../../../core/scenario';
import type { FromEngine } from '../../../engine/messages';
import { viewForModel } from '../../../view/draw/view';
import { changed, getEngine, nextId } from '../../runControl';
import { useApp } from '../../store';
import { useSaved } from '../../storage/savedState';
import type { FineTuneState } from './fineTuneState';

/** The panel's choices; the rest of the job comes from the page's scenario (model and reward). */
export interface FineTuneChoices {
  method: MethodKind;
  lambda: number;
  /** null: the method's default. */
  learningRate: number | null;
  batch: number;
  updates: number;
  /** Sampling steps K of the fine-tuned chain. */
  steps: number;
}

/** Trajectories of the initial and final evaluations, and exact target draws: small, for a browser on WASM. */
export const EVAL_PARTICLES = 512;
const TARGET_DRAWS = 1024;
const NAME_PREFIX = 'fine-tuned-';

type FineTuneMessage = Extract<FromEngine, { type: `finetune-${string}` }>;

function isFineTuneMessage(m: FromEngine): m is FineTuneMessage {
  return m.type.startsWith('finetune-');
}

function patch(jobId: number, update: (f: FineTuneState) => Partial<FineTuneState>): void {
  const f = useApp.getState().fineTune;
  if (f.jobId === jobId) useApp.setState({ fineTune: { ...f, ...update(f) } });
}

/** Shows the fine-tuned model in the model list (replacing an older one the browser could not save: the engine keeps only the latest). */
function offerModel(name: string, f: FineTuneState): void {
  const s = useApp.getState();
  // Fine-tuned models saved in this browser stay offered; an unsaved one lives only as the engine's latest.
  const saved = new Set(useSaved.getState().models.map((m) => m.name));
  const learned = s.learned.filter((m) => !m.name.startsWith(NAME_PREFIX) || saved.has(m.name));
  const source = f.source;
  // Its canvas window is its source's: a fine-tuned model has no card to read one from.
  const view = source?.kind === 'mlp' ? s.learnedViews[source.name] : viewForModel(source);
  useApp.setState({
    learned: [...learned, { name, label: `Fine-tuned: ${f.label}`, local: true }],
    learnedViews: view ? { ...s.learnedViews, [name]: view } : s.learnedViews,
  });
  // A page that was sampling the previous fine-tuned model moves on to the new one.
  const model = s.scenario.model;
  if (model.kind === 'mlp' && model.name.startsWith(NAME_PREFIX) && model.name !== name) {
    changed({ scenario: { ...useApp.getState().scenario, model: { kind: 'mlp', name } } });
  }
}

function receive(m: FromEngine): void {
  if (!isFineTuneMessage(m)) return;
  switch (m.type) {
    case 'finetune-start':
      patch(m.jobId, () => ({
        status: 'running',
        label: m.label,
        learningRate: m.learningRate,
        backend: m.backend,
        targetKnown: m.targetKnown,
        exactMeanReward: m.exactMeanReward,
        baseMeanReward: m.baseMeanReward,
      }));
      return;
    case 'finetune-update':
      patch(m.jobId, (f) => ({ reports: [...f.reports, m.report] }));
      return;
    case 'finetune-paused':
      patch(m.jobId, (f) => (f.status === 'running' || f.status === 'paused' ? { status: m.paused ? 'paused' : 'running' } : {}));
      return;
    case 'finetune-done': {
      const f = useApp.getState().fineTune;
      if (f.jobId !== m.jobId) return;
      patch(m.jobId, () => ({ status: 'done', summary: m.summary, modelName: m.name }));
      offerModel(m.name, useApp.getState().fineTune);
      useApp.setState({ liveTensors: m.liveTensors });
      return;
    }
    case 'finetune-error':
      patch(m.jobId, () => ({ status: 'error', error: m.field ? `${m.field}: ${m.problem}` : m.problem }));
      return;
  }
}

let subscribed = false;

/** The model a new job fine-tunes: the page's base model, or the source of the fine-tuned model on show. */
export function fineTuneSource(): ModelSpec {
  const s = useApp.getState();
  const model = s.scenario.model;
  if (model.kind === 'mlp' && model.name.startsWith(NAME_PREFIX) && s.fineTune.source) return s.fineTune.source;
  // A fine-tuned model saved on an earlier visit: its source is recorded with it.
  const saved = model.kind === 'mlp' ? useSaved.getState().models.find((m) => m.name === model.name && m.kind === 'fine-tuned') : undefined;
  if (saved?.source) return saved.source as ModelSpec;
  return model;
}

export const fineTuneActions = {
  start(choices: FineTuneChoices): void {
    const engine = getEngine();
    if (!engine) return;
    if (!subscribed) {
      engine.subscribe(receive);
      subscribed = true;
    }
    const jobId = nextId();
    const s = useApp.getState();
    const source = fineTuneSource();
    const job = {
      model: source,
      reward: s.scenario.reward,
      method: choices.method,
      lambda: choices.lambda,
      ...(choices.learningRate !== null ? { learningRate: choices.learningRate } : {}),
      batch: choices.batch,
      updates: choices.updates,
      steps: choices.steps,
      seed: s.scenario.seed,
      // GRPO's groups must divide the batch; the panel's batches are multiples of 8.
      groupSize: 8,
      evalParticles: EVAL_PARTICLES,
      targetDraws: TARGET_DRAWS,
    };
    const previous = s.fineTune;
    if (previous.status === 'running' || previous.status === 'paused' || previous.status === 'starting') {
      engine.send({ type: 'finetune-control', jobId: previous.jobId, action: 'stop' });
    }
    useApp.setState({
      fineTune: {
        ...previous,
        jobId,
        status: 'starting',
        updates: choices.updates,
        steps: choices.steps,
        label: '',
        learningRate: null,
        lambda: choices.lambda,
        reports: [],
        summary: null,
        error: null,
        source,
        // The previous model stays usable until this one replaces it.
        modelName: previous.modelName,
      },
    });
    engine.send({ type: 'finetune', jobId, name: `${NAME_PREFIX}${jobId}`, job });
  },
  control(action: 'pause' | 'resume' | 'stop'): void {
    const f = useApp.getState().fineTune;
    if (f.status !== 'running' && f.status !== 'paused' && f.status !== 'starting') return;
    getEngine()?.send({ type: 'finetune-control', jobId: f.jobId, action });
  },
  /**
   * Makes the fine-tuned model the base model and draws it with the base sampler: the model is meant to be the
   * tilted law itself, so a tilting sampler would tilt it a second time. It runs on the chain it was trained as.
   */
  sampleFineTuned(): void {
    const f = useApp.getState().fineTune;
    if (!f.modelName) return;
    // The policy of §6 is the η = 1 chain on the K-step grid it was trained on; other grids ask it about times it never saw.
    changed({
      scenario: { ...useApp.getState().scenario, model: { kind: 'mlp', name: f.modelName }, sampler: { kind: 'base' }, steps: f.steps, eta: 1 },
      compare: false,
    });
  },
};
