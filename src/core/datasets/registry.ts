/**
 * Every built-in data set, in display order. Adding one means adding its file and one line here.
 */
import { FieldError } from '../types';
import { checkerboard } from './checkerboard';
import { gmmFixture, gmmRing8, gmmTwo } from './gmmPresets';
import { line } from './line';
import { moons } from './moons';
import { rings } from './rings';
import { spiral } from './spiral';
import type { Dataset } from './types';

export type { Dataset };

export const DATASETS: readonly Dataset[] = [gmmFixture, gmmRing8, gmmTwo, moons, spiral, rings, checkerboard, line];

export function datasetByName(name: string, field = 'dataset'): Dataset {
  const found = DATASETS.find((d) => d.name === name);
  if (!found) throw new FieldError(field, `unknown data set "${name}"; one of ${DATASETS.map((d) => d.name).join(', ')}`);
  return found;
}
