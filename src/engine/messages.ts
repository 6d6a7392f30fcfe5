/**
 * The typed protocol between the page (main thread) and the engine worker. Every message is one member of a
 * discriminated union on `type`; the worker never receives or sends anything else.
 */
import type { FineTuneSummary, UpdateReport } from '../core/finetune/run';
import type { RunSummary } from '../core/run';
import type { Genealogy, GmmSpec, StepStats } from '../core/types';
import type { Scenario } from '../core/scenario';
import type { WasmThreads } from './wasmThreads';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Most preferred first: the order of architecture.md "Engine and performance rules". */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** Two runs can be live at once: lane "a" always, lane "b" in compare mode. */
export type Lane = 'a' | 'b';

/** One backend's outcome in the start-up probe. */
export interface ProbeEntry {
  backend: BackendName;
  ok: boolean;
  /** Median ms per probe forward, when it worked. */
  msPerForward?: number;
  /** Why it was skipped or failed (e.g. "software WebGPU adapter"). */
  reason?: string;
}

/** The closed-form target of a run, where one exists (for the density background and the E_q r line). */
export interface ExactTargetInfo {
  spec: GmmSpec;
  meanReward: number;
  logZ?: number;
  description: string;
}

/** The run summary as it crosses the wire (RunResult.summary of core/run). */
export type { RunSummary };

export type ToEngine =
  /** First message: where the models live, and the backend cached from an earlier visit (if any). */
  | { type: 'init'; modelsBaseUrl: string; cachedBackend: BackendName | null }
  /** The user picked a backend from the menu. */
  | { type: 'set-backend'; backend: BackendName }
  /** Re-run the probe and switch to its choice. */
  | { type: 'probe' }
  /** Start a run in a lane; any run already in that lane is cancelled first. The sender has validated the scenario. */
  | { type: 'run'; lane: Lane; runId: number; scenario: Scenario }
  /** Start a run of the page's link as read by the entry module, before the page's validation code has loaded: the
   *  engine validates it (the only unvalidated scenario the engine accepts). */
  | { type: 'run-link'; lane: Lane; runId: number; link: unknown }
  /** Start the page's opening scenario (startScenario.ts); sent by the entry module before the app loads. */
  | { type: 'run-opening'; lane: Lane; runId: number }
  | { type: 'cancel'; runId: number }
  /** Train a model on user points (N×2 interleaved); the result is registered under `name` and saved as `label`. */
  | { type: 'train'; trainId: number; name: string; label: string; points: Float32Array; steps: number }
  /** A saved model was deleted or replaced in this browser: drop any copy held in memory. */
  | { type: 'forget-model'; name: string }
  | { type: 'cancel-train'; trainId: number }
  /** Live validation of a formula being typed (the parser lives with tfjs in the worker). */
  | { type: 'check-formula'; checkId: number; expr: string }
  /** Destroy the GPU context on purpose, to exercise the device-lost fallback (demonstrations and e2e). */
  | { type: 'lose-device' }
  /** Fine-tune a model (`job`: a fine-tuning job document, core/finetune/job.ts); the result is registered under `name`. */
  | { type: 'finetune'; jobId: number; name: string; job: unknown }
  | { type: 'finetune-control'; jobId: number; action: 'pause' | 'resume' | 'stop' };

export type FromEngine =
  /** The backend now in use, and why (probe result, user choice, fallback after a lost device). */
  | {
      type: 'backend';
      backend: BackendName;
      reason: string;
      fallbackFrom?: BackendName;
      probe?: ProbeEntry[];
      /** WASM only: the size of its thread pool and why (threads need a cross-origin-isolated page). */
      threads?: WasmThreads;
      /** True when the choice came from the probe or the user and may be cached. */
      cacheable: boolean;
      /** The engine stopped the page's runs to make this change; the page re-runs its scenario. */
      runsStopped: boolean;
    }
  | { type: 'probing'; backends: BackendName[] }
  /** A run was accepted: its validated scenario and, where known, the exact target. */
  | { type: 'run-start'; lane: Lane; runId: number; scenario: Scenario; exact: ExactTargetInfo | null; backend: BackendName }
  | { type: 'frame'; lane: Lane; runId: number; stats: StepStats; positions: Float32Array | null; msPerStep: number }
  /** `genealogy`: an SMC run's resamplings (§5.6), null for other samplers or when too large to send. */
  | { type: 'run-done'; lane: Lane; runId: number; summary: RunSummary; samples: Float32Array; genealogy: Genealogy | null }
  | { type: 'run-error'; lane: Lane; runId: number; field: string | null; problem: string }
  | { type: 'run-cancelled'; lane: Lane; runId: number }
  | { type: 'formula-check'; checkId: number; ok: true }
  | { type: 'formula-check'; checkId: number; ok: false; message: string; position: number }
  /** No run is active any more; `liveTensors` is tf.memory().numTensors then (it must not grow run after run). */
  | { type: 'idle'; liveTensors: number }
  | { type: 'train-progress'; trainId: number; step: number; loss: number }
  | { type: 'train-done'; trainId: number; name: string; steps: number; finalLoss: number; ms: number }
  | { type: 'train-error'; trainId: number; problem: string }
  | { type: 'train-cancelled'; trainId: number }
  /** A fine-tune started: its method, backend and, for a GMM data law, the exact E_q r and E_p r. */
  | {
      type: 'finetune-start';
      jobId: number;
      label: string;
      /** The Adam learning rate in use (the method's default when the job left it out). */
      learningRate: number;
      backend: BackendName;
      targetKnown: boolean;
      exactMeanReward: number | null;
      baseMeanReward: number | null;
    }
  | { type: 'finetune-update'; jobId: number; report: UpdateReport }
  | { type: 'finetune-paused'; jobId: number; paused: boolean }
  /** Finished or stopped with at least one update: the model is registered under `name`. */
  | { type: 'finetune-done'; jobId: number; name: string; summary: FineTuneSummary; liveTensors: number }
  | { type: 'finetune-error'; jobId: number; field: string | null; problem: string }
  /**
   * A model trained or fine-tuned in the page was saved in this browser (storage/savedDb.ts), with the models evicted
   * to make room; or `problem` says why it could not be (it is then kept in memory for this visit only).
   */
  | { type: 'model-saved'; name: string; label: string; evicted: Array<{ name: string; label: string }>; problem: string | null };

export type FromEngineOf<T extends FromEngine['type']> = Extract<FromEngine, { type: T }>;
