/**
 * Fine-tuning inside the engine worker: the core loop (core/finetune/run.ts) on the page's backend, one
 * `finetune-update` message per update, with pause (the loop is held between two updates), resume and stop (the
 * loop's signal; the run then still evaluates and summarises what it has). A finished or stopped run registers the
 * fine-tuned policy under its name (finetuneModels.ts), so that any sampler can run on it. One fine-tune at a time:
 * a new request stops the previous one. This module pulls in the fine-tuning code and tfjs-layers, so the worker
 * imports it lazily.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseFineTuneJob, prepareFineTune } from '../core/finetune/job';
import type { PreparedFineTune } from '../core/finetune/job';
import { learningRate } from '../core/finetune/method';
import { methodFor } from '../core/finetune/registry';
import { runFineTune } from '../core/finetune/run';
import type { ModelLoader } from '../core/models/index';
import { FieldError } from '../core/types';
import { registerFineTuned } from './finetuneModels';
import { saveAndReport, variableValues } from './saved/persistModels';
import type { BackendName, FromEngine } from './messages';
import { yieldToEvents } from './yieldToEvents';

export type FineTuneAction = 'pause' | 'resume' | 'stop';

interface Job {
  jobId: number;
  /** Read by the core loop between updates. */
  signal: { aborted: boolean };
  paused: boolean;
  /** Resolves the wait of a paused loop. */
  wake: (() => void) | null;
  done: Promise<void>;
}

export class FineTuner {
  private current: Job | null = null;

  constructor(
    private readonly post: (message: FromEngine) => void,
    private readonly loadModel: ModelLoader,
    private readonly backend: () => BackendName,
  ) {}

  get busy(): boolean {
    return this.current !== null;
  }

  start(jobId: number, name: string, input: unknown): void {
    this.cancelAll();
    const job: Job = { jobId, signal: { aborted: false }, paused: false, wake: null, done: Promise.resolve() };
    job.done = this.run(job, name, input).finally(() => {
      if (this.current === job) this.current = null;
    });
    this.current = job;
  }

  control(jobId: number, action: FineTuneAction): void {
    const job = this.current;
    if (!job || job.jobId !== jobId) return;
    if (action === 'stop') {
      job.signal.aborted = true;
      this.release(job);
    } else if (action === 'pause' && !job.paused) {
      job.paused = true;
      this.post({ type: 'finetune-paused', jobId, paused: true });
    } else if (action === 'resume' && job.paused) this.release(job);
  }

  cancelAll(): void {
    if (this.current) this.control(this.current.jobId, 'stop');
  }

  async drain(): Promise<void> {
    await this.current?.done;
  }

  private release(job: Job): void {
    if (!job.paused) return;
    job.paused = false;
    job.wake?.();
    job.wake = null;
    this.post({ type: 'finetune-paused', jobId: job.jobId, paused: false });
  }

  private async run(job: Job, name: string, input: unknown): Promise<void> {
    const { jobId } = job;
    let prepared: PreparedFineTune | null = null;
    try {
      const parsed = parseFineTuneJob(input);
      prepared = await prepareFineTune(parsed, this.loadModel);
      const target = prepared.target;
      this.post({
        type: 'finetune-start',
        jobId,
        label: methodFor(parsed.settings.method).label,
        learningRate: learningRate(methodFor(parsed.settings.method), parsed.settings),
        backend: this.backend(),
        targetKnown: target !== null,
        exactMeanReward: target?.meanReward ?? null,
        baseMeanReward: target?.baseMeanReward ?? null,
      });
      const summary = await runFineTune(
        { policy: prepared.policy, reward: prepared.reward, settings: parsed.settings, target, evalParticles: parsed.evalParticles, signal: job.signal },
        {
          onUpdate: async (report) => {
            this.post({ type: 'finetune-update', jobId, report });
            // Lets pause, stop and sampling runs in between two updates.
            await yieldToEvents();
            if (job.paused && !job.signal.aborted) await new Promise<void>((resolve) => (job.wake = resolve));
          },
        },
      );
      // Replaced by a newer job: its model would only displace the one the page still offers.
      if (this.current !== job) return;
      if (summary.updates === 0) {
        this.post({ type: 'finetune-error', jobId, field: null, problem: 'stopped before the first update; no model was made' });
        return;
      }
      const variables = await variableValues(prepared.policy);
      registerFineTuned(name, prepared, parsed.settings.lambda);
      prepared = null; // owned by the registry now
      this.post({ type: 'finetune-done', jobId, name, summary, liveTensors: tf.memory().numTensors });
      const label = `Fine-tuned: ${methodFor(parsed.settings.method).label}`;
      await saveAndReport(this.post, { name, label, kind: 'fine-tuned', savedAt: Date.now(), source: parsed.model }, { kind: 'fine-tuned', job: input, variables });
    } catch (e) {
      const field = e instanceof FieldError ? e.field : null;
      const problem = e instanceof FieldError ? e.problem : e instanceof Error ? e.message : String(e);
      this.post({ type: 'finetune-error', jobId, field, problem });
    } finally {
      prepared?.dispose();
    }
  }
}
