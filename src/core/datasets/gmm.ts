/** Gaussian-mixture data sets: the exact spec, sampled exactly (exact/sample.ts). */
import { sampleGmm } from '../exact/sample';
import type { GmmSpec } from '../types';
import type { Dataset } from './types';

export function gmmDataset(name: string, label: string, description: string, spec: GmmSpec): Dataset {
  return { name, label, description, gmm: spec, sample: (n, rng) => sampleGmm(spec, n, rng) };
}
