/**
 * Training on the user's points, inside the engine worker: the core training loop (core/train) on a data set
 * made from the points, with the loss posted to the page as it goes (a few times a second), cancellable at
 * any step. A finished model is registered in the model store under its name, so that runs can load it like a
 * shipped model. One training at a time: a new request stops the previous one. This module pulls in
 * tfjs-layers, so the worker imports it lazily.
 */
import { userPointsDataset } from '../core/datasets/userPoints';
import { cardFor } from '../core/train/card';
import { trainDenoiser } from '../core/train/trainDenoiser';
import type { FromEngine } from './messages';
import { storeTrainedModel } from './modelStore';
import { saveAndReport } from './saved/persistModels';

/** Progress messages are spaced at least this far apart (the last step is always sent). */
const PROGRESS_INTERVAL_MS = 80;

interface Training {
  trainId: number;
  abort: AbortController;
  done: Promise<void>;
}

function pairsOf(points: Float32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push([points[i], points[i + 1]]);
  return out;
}

export class Trainer {
  private current: Training | null = null;

  constructor(private readonly post: (message: FromEngine) => void) {}

  get busy(): boolean {
    return this.current !== null;
  }

  start(trainId: number, name: string, label: string, points: Float32Array, steps: number): void {
    this.cancelAll();
    const abort = new AbortController();
    const done = this.train(trainId, name, label, points, steps, abort.signal).finally(() => {
      if (this.current?.trainId === trainId) this.current = null;
    });
    this.current = { trainId, abort, done };
  }

  cancel(trainId: number): void {
    if (this.current?.trainId === trainId) this.current.abort.abort();
  }

  cancelAll(): void {
    this.current?.abort.abort();
  }

  async drain(): Promise<void> {
    await this.current?.done;
  }

  private async train(trainId: number, name: string, label: string, points: Float32Array, steps: number, signal: AbortSignal): Promise<void> {
    try {
      const dataset = userPointsDataset(pairsOf(points), { field: 'points' });
      let lastPost = -Infinity;
      const result = await trainDenoiser(
        dataset,
        { steps },
        {
          signal,
          onStep: ({ step, steps: total, loss }) => {
            const now = performance.now();
            if (step === total || now - lastPost >= PROGRESS_INTERVAL_MS) {
              lastPost = now;
              this.post({ type: 'train-progress', trainId, step, loss });
            }
          },
        },
      );
      if (result.cancelled) {
        result.model.dispose();
        this.post({ type: 'train-cancelled', trainId });
        return;
      }
      const card = cardFor({ name, label: 'Your data', description: dataset.description, dataset: dataset.name }, result);
      let artifacts;
      try {
        artifacts = await storeTrainedModel(name, card, result.model);
      } finally {
        result.model.dispose();
      }
      this.post({ type: 'train-done', trainId, name, steps: result.stepsDone, finalLoss: result.finalLoss, ms: result.wallSeconds * 1000 });
      // Saved in this browser so that a reload (or the link) finds it again; the weights are one buffer (modelStore).
      await saveAndReport(
        this.post,
        { name, label, kind: 'trained', savedAt: Date.now() },
        {
          kind: 'trained',
          card,
          modelTopology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs,
          weightData: artifacts.weightData as ArrayBuffer,
          points,
        },
      );
    } catch (e) {
      const problem = typeof e === 'object' && e !== null && 'problem' in e ? `${(e as { field?: string }).field ?? 'data'}: ${(e as { problem: string }).problem}` : e instanceof Error ? e.message : String(e);
      this.post({ type: 'train-error', trainId, problem });
    }
  }
}
