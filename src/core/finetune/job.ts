/**
 * A fine-tuning job: the one JSON document the headless CLI reads (and the app's panel can build), validated by zod.
 *
 * {
 *   "model":  {"kind": "gmm", …} | {"kind": "mlp", "name": "gmm-fixture"},   // as in a Scenario
 *   "reward": {"kind": "linear", "theta": [1, -0.5]},                        // as in a Scenario
 *   "method": "vmpo-diff", "lambda": 0.7,                                     // FineTuneSettings (config.ts)
 *   "updates": 100, "batch": 64, "steps": 10, "seed": 1, …,
 *   "evalParticles": 1024, "targetDraws": 1024
 * }
 *
 * `prepareFineTune` turns it into a trainable policy: the analytic GMM becomes a ResidualPolicy (exact pretrained
 * model plus a zero-initialised residual net); a learned model is loaded by the caller's loader and wrapped as an
 * MlpPolicy. The exact target exists when the data law is a known GMM (the analytic model, or a learned model of a
 * GMM preset) and the reward has degree ≤ 2.
 */
import { gmmFixture, gmmRing8, gmmTwo } from '../datasets/gmmPresets';
import { GmmDenoiser } from '../models/gmm';
import { gmmSpecOf } from '../models/gmmSpec';
import { MlpDenoiser } from '../models/mlp';
import type { ModelLoader } from '../models/index';
import { buildReward } from '../rewards/index';
import { FieldError } from '../types';
import type { GmmSpec, Reward } from '../types';
import { MlpPolicy } from './mlpPolicy';
import type { TrainableDenoiser } from './policy';
import { ResidualPolicy } from './residualPolicy';
import { exactFineTuneTarget } from './target';
import type { FineTuneTarget } from './target';
import type { FineTuneJob } from './jobSpec';

export { fineTuneJobSchema, parseFineTuneJob } from './jobSpec';
export type { FineTuneJob } from './jobSpec';

export interface PreparedFineTune {
  policy: TrainableDenoiser;
  reward: Reward;
  target: FineTuneTarget | null;
  /** The data law when it is a known GMM. */
  data: GmmSpec | null;
  /** Releases the policy and whatever the preparation built. */
  dispose(): void;
}

export async function prepareFineTune(job: FineTuneJob, loadModel?: ModelLoader): Promise<PreparedFineTune> {
  const reward = buildReward(job.reward);
  let policy: TrainableDenoiser;
  let data: GmmSpec | null;
  if (job.model.kind === 'gmm') {
    const base = new GmmDenoiser(gmmSpecOf(job.model));
    data = base.exact;
    policy = ResidualPolicy.create(base, job.settings.seed);
  } else {
    const name = job.model.name;
    if (!loadModel) throw new FieldError('model.name', `no model loader is available here to load "${name}"`);
    const loaded = await loadModel(name);
    if (!(loaded instanceof MlpDenoiser)) {
      loaded.dispose?.();
      throw new FieldError('model.name', `"${name}" is not a learned MLP model, so it has no weights to fine-tune`);
    }
    policy = new MlpPolicy(loaded);
    // A shipped model is named after its data set; the GMM presets carry their exact law.
    data = [gmmFixture, gmmTwo, gmmRing8].find((d) => d.name === name)?.gmm ?? null;
  }
  let target: FineTuneTarget | null;
  try {
    target = data ? exactFineTuneTarget(data, reward, job.settings.lambda, job.targetDraws, job.settings.seed) : null;
  } catch (e) {
    policy.dispose();
    // The closed-form tilt names the sampler's λ; here the λ is the job's.
    if (e instanceof FieldError) throw new FieldError('lambda', e.problem);
    throw e;
  }
  return { policy, reward, target, data, dispose: () => policy.dispose() };
}
