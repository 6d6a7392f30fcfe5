/**
 * The presets the controls offer: analytic GMM models and one reward of each kind (a sampler's defaults are its
 * descriptor's). Presets are plain scenario fragments, so anything chosen here is a valid scenario field.
 */
import { DEFAULT_SCENARIO, REWARD_KINDS, rewardSpecOf } from '../core/scenario';
import type { ModelSpec, RewardSpec } from '../core/scenario';

export interface ModelPreset {
  id: string;
  label: string;
  model: ModelSpec;
}

const iso = (v: number): [[number, number], [number, number]] => [
  [v, 0],
  [0, v],
];

function ring(count: number, radius: number, variance: number): ModelSpec {
  const angles = Array.from({ length: count }, (_, i) => (2 * Math.PI * i) / count);
  return {
    kind: 'gmm',
    weights: angles.map(() => 1 / count),
    means: angles.map((a) => [round3(radius * Math.cos(a)), round3(radius * Math.sin(a))] as [number, number]),
    covs: angles.map(() => iso(variance)),
    kernel: 'ddpm',
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export const GMM_PRESETS: ModelPreset[] = [
  { id: 'three-blobs', label: 'Three blobs (GMM)', model: { ...(DEFAULT_SCENARIO.model as ModelSpec), kernel: 'ddpm' } as ModelSpec },
  {
    id: 'two-blobs',
    label: 'Two symmetric blobs (GMM)',
    model: { kind: 'gmm', weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [iso(0.3), iso(0.3)], kernel: 'ddpm' },
  },
  { id: 'ring-8', label: 'Ring of eight (GMM)', model: ring(8, 2.5, 0.04) },
  {
    id: 'lopsided',
    label: 'Heavy and light mode (GMM)',
    model: {
      kind: 'gmm',
      weights: [0.9, 0.1],
      means: [[-1.5, -0.5], [2, 1.5]],
      covs: [
        [
          [0.6, 0.25],
          [0.25, 0.4],
        ],
        iso(0.1),
      ],
      kernel: 'ddpm',
    },
  },
];

export interface RewardPreset {
  id: string;
  label: string;
  reward: RewardSpec;
}

/** One preset per reward kind, from the reward descriptors (core/rewards/specs.ts). */
export const REWARD_PRESETS: RewardPreset[] = REWARD_KINDS.map((kind) => {
  const d = rewardSpecOf(kind);
  return { id: kind, label: d.label, reward: d.preset };
});

/** The choices of the run-size control. */
export const PARTICLE_CHOICES = [256, 512, 1024, 2048, 4096, 8192, 16384];
