/**
 * A fine-tuned model saved in this browser comes back exactly: its job rebuilds a policy of the same architecture,
 * whose variables take the saved values, so ε matches the original's to the last bit; a saved record that does not
 * fit its job is refused by name; no tensor leaks.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { parseFineTuneJob, prepareFineTune } from '../../../src/core/finetune/job';
import { FieldError } from '../../../src/core/types';
import { loadSavedFineTuned, variableValues } from '../../../src/engine/saved/persistModels';
import { saveModel } from '../../../src/engine/saved/savedDb';

const JOB = {
  model: {
    kind: 'gmm',
    weights: [0.5, 0.5],
    means: [
      [-2, 0],
      [2, 0],
    ],
    covs: [
      [
        [0.3, 0],
        [0, 0.3],
      ],
      [
        [0.3, 0],
        [0, 0.3],
      ],
    ],
  },
  reward: { kind: 'linear', theta: [1, 0] },
  method: 'vmpo-diff',
  lambda: 0.7,
  seed: 5,
  targetDraws: 64,
  evalParticles: 16,
};

const noLoader = () => Promise.reject(new Error('no learned models here'));

describe('saved fine-tuned models', () => {
  it('rebuild with the saved variable values: the same ε at every point and time', async () => {
    const before = tf.memory().numTensors;
    const prepared = await prepareFineTune(parseFineTuneJob(JOB), noLoader);
    // Stand-in for training: move every variable away from its initial value.
    tf.tidy(() =>
      prepared.policy
        .trainableVariables()
        .forEach((v, i) => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.3, 'float32', 100 + i)))),
    );
    await saveModel(
      { name: 'fine-tuned-9', label: 'Fine-tuned: VMPO', kind: 'fine-tuned', savedAt: 1, source: JOB.model },
      { kind: 'fine-tuned', job: JOB, variables: await variableValues(prepared.policy) },
    );

    const loaded = await loadSavedFineTuned('fine-tuned-9', noLoader);
    expect(loaded).not.toBeNull();
    const x = tf.tensor2d([
      [0, 0],
      [1.5, -0.5],
      [-2, 1],
    ]);
    for (const t of [0.05, 0.5, 0.95]) {
      const a = prepared.policy.eps(x, t);
      const b = loaded!.eps(x, t);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      a.dispose();
      b.dispose();
    }
    x.dispose();
    loaded!.dispose?.();
    prepared.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is null for a name not saved, and refuses a record that does not fit its job', async () => {
    expect(await loadSavedFineTuned('fine-tuned-404', noLoader)).toBeNull();
    await saveModel(
      { name: 'fine-tuned-10', label: 'x', kind: 'fine-tuned', savedAt: 2 },
      { kind: 'fine-tuned', job: JOB, variables: [{ shape: [2], values: new Float32Array(2) }] },
    );
    const before = tf.memory().numTensors;
    await expect(loadSavedFineTuned('fine-tuned-10', noLoader)).rejects.toThrow(FieldError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
