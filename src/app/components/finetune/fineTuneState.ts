/** The fine-tune panel's slice of the page store (store.ts holds it as `fineTune`). */
import type { FineTuneSummary, UpdateReport } from '../../../core/finetune/run';
import type { ModelSpec } from '../../../core/scenario';
import type { BackendName } from '../../../engine/messages';

export type FineTuneStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'error';

export interface FineTuneState {
  jobId: number;
  status: FineTuneStatus;
  /** Updates asked for. */
  updates: number;
  /** Sampling steps K of the fine-tuned chain. */
  steps: number;
  /** The method's label and the learning rate in use, as the engine reported them. */
  label: string;
  learningRate: number | null;
  lambda: number;
  backend: BackendName | null;
  /** One per update, in order. */
  reports: UpdateReport[];
  /** Whether the exact target is known (GMM data law, reward of degree ≤ 2), with E_q r and E_p r. */
  targetKnown: boolean;
  exactMeanReward: number | null;
  baseMeanReward: number | null;
  summary: FineTuneSummary | null;
  error: string | null;
  /** The fine-tuned model's name once registered in the engine. */
  modelName: string | null;
  /** What the job fine-tuned (a fine-tuned model is fine-tuned again from this, its own source). */
  source: ModelSpec | null;
}

export const INITIAL_FINE_TUNE: FineTuneState = {
  jobId: -1,
  status: 'idle',
  updates: 0,
  steps: 0,
  label: '',
  learningRate: null,
  lambda: 0,
  backend: null,
  reports: [],
  targetKnown: false,
  exactMeanReward: null,
  baseMeanReward: null,
  summary: null,
  error: null,
  modelName: null,
  source: null,
};
