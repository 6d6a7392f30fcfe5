/** The scenario the page opens with when its link names none: the default, at a modest N so that the first particles move at once. */
import { DEFAULT_SCENARIO } from '../core/scenario';
import type { ScenarioInput } from '../core/scenario';

export const START_PARTICLES = 1024;

export function startingScenarioInput(): ScenarioInput {
  return { ...DEFAULT_SCENARIO, particles: START_PARTICLES };
}
