/**
 * Fine-tune the base model toward q ∝ p·e^{r/λ} (algorithms.md §6) in the engine worker, on the page's backend,
 * with live per-update charts; then sample the fine-tuned model with any sampler. The budget is a toy one (a few
 * thousand trajectories), sized for a browser on WASM.
 */
import { lazy, Suspense, useState } from 'react';
import type { MethodKind } from '../../../core/finetune/config';
import type { ModelSpec } from '../../../core/scenario';
import { GMM_PRESETS } from '../../../view/presets';
import { useApp } from '../../store';
import { LogSlider, Select } from '../controls';
import { EVAL_PARTICLES, fineTuneActions, fineTuneSource } from './fineTuneActions';
import { fineTuneHealth } from './fineTuneHealth';
import { METHOD_CHOICES } from './methods';

const FineTuneCharts = lazy(() => import('./FineTuneCharts'));

const LEARNING_RATES: ReadonlyArray<{ value: number; label: string }> = [
  { value: 0, label: 'default' },
  ...[1e-4, 3e-4, 1e-3, 3e-3].map((v) => ({ value: v, label: v.toExponential(0) })),
];
const BATCHES = [16, 32, 64, 128, 256].map((v) => ({ value: v, label: String(v) }));
const UPDATES = [10, 25, 50, 100, 200].map((v) => ({ value: v, label: String(v) }));
const STEPS = [5, 10, 20].map((v) => ({ value: v, label: String(v) }));

function describeSource(model: ModelSpec, learned: ReadonlyArray<{ name: string; label: string }>): string {
  if (model.kind === 'mlp') return learned.find((m) => m.name === model.name)?.label ?? model.name;
  const shape = JSON.stringify([model.weights, model.means, model.covs]);
  const preset = GMM_PRESETS.find((p) => p.model.kind === 'gmm' && JSON.stringify([p.model.weights, p.model.means, p.model.covs]) === shape);
  return `${preset?.label ?? 'the analytic GMM'} (exact model + a residual net that starts at zero)`;
}

/** The λ the page's sampler uses, when it has one: the panel starts from the same target. */
function samplerLambda(): number {
  const sampler = useApp.getState().scenario.sampler as { lambda?: unknown };
  return typeof sampler.lambda === 'number' ? sampler.lambda : 0.7;
}

export function FineTunePanel() {
  const fineTune = useApp((s) => s.fineTune);
  const learned = useApp((s) => s.learned);
  const [method, setMethod] = useState<MethodKind>('vmpo-r2g');
  const [lambda, setLambda] = useState(samplerLambda);
  const [learningRate, setLearningRate] = useState(0);
  const [batch, setBatch] = useState(64);
  const [updates, setUpdates] = useState(50);
  const [steps, setSteps] = useState(10);
  const status = fineTune.status;
  const active = status === 'starting' || status === 'running' || status === 'paused';
  // Read here so that the source line follows the base model.
  const current = useApp((s) => s.scenario.model);
  const source = fineTuneSource();
  const sampler = useApp((s) => s.scenario.sampler.kind);
  const showing = current.kind === 'mlp' && current.name === fineTune.modelName && sampler === 'base';
  const health = fineTune.summary ? fineTuneHealth(fineTune.summary, fineTune.lambda, EVAL_PARTICLES) : null;

  return (
    <section className="panel finetune" aria-labelledby="finetune-heading" data-testid="finetune-panel" data-status={status}>
      <h2 id="finetune-heading">Fine-tune the model</h2>
      <p className="panel__note">
        Trains the model itself toward the same target as the samplers, q ∝ p·e<sup>r/λ</sup>, with the page's reward. Starts from{' '}
        <span data-testid="finetune-source">{describeSource(source, learned)}</span>. A toy budget (batch × updates trajectories of K steps)
        sized for a browser; the headless report uses the same methods at 100 updates.
      </p>
      <Select label="Method" value={method} options={METHOD_CHOICES} onChange={setMethod} testId="finetune-method" hint={METHOD_CHOICES.find((m) => m.value === method)?.hint} />
      <LogSlider
        label="KL temperature λ"
        hint={
          <>
            Target q ∝ p·e<sup>r/λ</sup>, the KL-tilt and SMC samplers' λ (VMPO's β = 1/λ); smaller λ tilts harder.
          </>
        }
        value={lambda}
        min={0.05}
        max={20}
        onChange={setLambda}
        testId="finetune-lambda"
      />
      <div className="panel__row">
        <Select label="Learning rate" value={learningRate} options={LEARNING_RATES} onChange={setLearningRate} testId="finetune-lr" hint="Adam; default: the method's own." />
        <Select label="Batch" value={batch} options={BATCHES} onChange={setBatch} testId="finetune-batch" />
      </div>
      <div className="panel__row">
        <Select label="Updates" value={updates} options={UPDATES} onChange={setUpdates} testId="finetune-updates" />
        <Select label="Sampling steps K" value={steps} options={STEPS} onChange={setSteps} testId="finetune-steps" />
      </div>
      <div className="panel__row panel__row--buttons">
        <button
          type="button"
          className="primary"
          data-testid="finetune-start"
          onClick={() => fineTuneActions.start({ method, lambda, learningRate: learningRate > 0 ? learningRate : null, batch, updates, steps })}
        >
          {active ? 'Restart' : 'Start'}
        </button>
        {status === 'paused' ? (
          <button type="button" data-testid="finetune-resume" onClick={() => fineTuneActions.control('resume')}>
            Resume
          </button>
        ) : (
          <button type="button" data-testid="finetune-pause" disabled={status !== 'running'} onClick={() => fineTuneActions.control('pause')}>
            Pause
          </button>
        )}
        <button type="button" data-testid="finetune-stop" disabled={!active} onClick={() => fineTuneActions.control('stop')}>
          Stop
        </button>
      </div>
      <p className="panel__note" role="status" data-testid="finetune-status">
        {status === 'idle' && 'Not started.'}
        {status === 'starting' && 'Preparing the model and its frozen reference…'}
        {status === 'running' && `Update ${fineTune.reports.length} of ${fineTune.updates} (${fineTune.label}, learning rate ${fineTune.learningRate ?? '…'}).`}
        {status === 'paused' && `Paused after update ${fineTune.reports.length} of ${fineTune.updates}.`}
        {status === 'done' && !health?.ok && (
          <span className="finetune__diverged" data-testid="finetune-diverged">
            <strong>The fine-tune diverged:</strong> {health?.problems.join('; and ')}. Try a smaller learning rate, fewer updates or a larger λ.{' '}
          </span>
        )}
        {status === 'done' &&
          `${fineTune.summary?.stopped ? 'Stopped' : health?.ok ? 'Finished' : 'Ran'} after ${fineTune.summary?.updates ?? fineTune.reports.length} updates in ${((fineTune.summary?.ms ?? 0) / 1000).toFixed(1)} s on ${fineTune.backend?.toUpperCase() ?? 'the page backend'}.`}
        {status === 'error' && `Fine-tuning failed: ${fineTune.error}`}
      </p>
      {fineTune.modelName && (
        <div className="panel__row panel__row--buttons">
          <button type="button" data-testid="finetune-sample" disabled={showing} onClick={fineTuneActions.sampleFineTuned}>
            {showing ? 'Sampling the fine-tuned model' : 'Sample the fine-tuned model'}
          </button>
        </div>
      )}
      {fineTune.modelName && (
        <p className="panel__note" data-testid="finetune-sample-note">
          It becomes the base model, drawn by the base sampler at K = {fineTune.steps} steps, η = 1 — the chain it was trained as, so the
          page's K changes to {fineTune.steps}. The fine-tuned model is meant to be the tilted law q itself, so no sampler tilts it again
          {fineTune.targetKnown ? '; the exact q stays on screen (its E_q r line, contours and distance) to judge it by' : ''}. Any other
          sampler can then be chosen; a tilting one tilts it once more.
        </p>
      )}
      {status !== 'idle' && (
        <Suspense fallback={null}>
          <FineTuneCharts />
        </Suspense>
      )}
    </section>
  );
}
