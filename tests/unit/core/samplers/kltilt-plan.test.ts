// Which KL-tilt tool runs for a (model, reward) pair (klTilt/plan.ts): the choice for each pair, the isotropy test
// of the time shift (A = κI with κ > 0, to relative 1e-12), and the message of `method: exact` when no exact tool
// exists, naming the reward and the model.
import { describe, expect, it } from 'vitest';
import type { Mat2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { chooseKlTiltMethod } from '../../../../src/core/samplers/klTilt/plan';
import { FieldError } from '../../../../src/core/types';
import type { Reward } from '../../../../src/core/types';
import {
  FIXTURE_GMM,
  fixtureLinearReward,
  fixtureMaxLinearReward,
  fixtureQuadraticReward,
  formulaLikeReward,
  learnedStandIn,
} from '../../fixtures';

const analytic = new GmmDenoiser(FIXTURE_GMM);
const learned = learnedStandIn(FIXTURE_GMM, 'tiny-net');

/** A quadratic reward seen only through its canonical form −½xᵀAx + bᵀx (all the choice reads). */
function quadratic(A: Mat2): Reward {
  return {
    kind: 'quadratic',
    label: 'r(x) = q(x)',
    polynomial: { A, b: [1, 0], c: 0 },
    concave: true,
  } as unknown as Reward;
}

describe('chooseKlTiltMethod', () => {
  it('auto picks the most exact tool of each pair', () => {
    expect(chooseKlTiltMethod(analytic, fixtureLinearReward(), 'auto')).toBe('exact-gmm');
    expect(chooseKlTiltMethod(analytic, fixtureQuadraticReward(), 'auto')).toBe('exact-gmm');
    expect(chooseKlTiltMethod(analytic, fixtureMaxLinearReward(), 'auto')).toBe('linear-mixture');
    expect(chooseKlTiltMethod(learned, fixtureMaxLinearReward(), 'auto')).toBe('linear-mixture');
    expect(chooseKlTiltMethod(learned, fixtureLinearReward(), 'auto')).toBe('linear-shift');
    expect(
      chooseKlTiltMethod(
        learned,
        quadratic([
          [2, 0],
          [0, 2],
        ]),
        'auto',
      ),
    ).toBe('quadratic-time-shift');
    expect(chooseKlTiltMethod(learned, fixtureQuadraticReward(), 'auto')).toBe('guidance');
    expect(chooseKlTiltMethod(analytic, formulaLikeReward(), 'auto')).toBe('guidance');
    // `exact` picks the same tools where they exist.
    expect(chooseKlTiltMethod(learned, fixtureLinearReward(), 'exact')).toBe('linear-shift');
  });

  it('guidance when asked, whatever the pair', () => {
    expect(chooseKlTiltMethod(analytic, fixtureLinearReward(), 'guidance')).toBe('guidance');
    expect(chooseKlTiltMethod(learned, fixtureMaxLinearReward(), 'guidance')).toBe('guidance');
  });

  it('the time shift needs A = κI with κ > 0, equal to relative 1e-12', () => {
    const pick = (A: Mat2) => chooseKlTiltMethod(learned, quadratic(A), 'auto');
    expect(
      pick([
        [3, 1e-13],
        [2e-13, 3 + 2e-12],
      ]),
    ).toBe('quadratic-time-shift');
    expect(
      pick([
        [3, 0],
        [0, 3 + 1e-10],
      ]),
    ).toBe('guidance');
    expect(
      pick([
        [3, 1e-10],
        [0, 3],
      ]),
    ).toBe('guidance');
    expect(
      pick([
        [3, 0],
        [1e-10, 3],
      ]),
    ).toBe('guidance');
    // Convex (κ < 0) and flat-but-not-zero cases are no time shift.
    expect(
      pick([
        [-2, 0],
        [0, -2],
      ]),
    ).toBe('guidance');
    // Off-diagonal entries exactly at the tolerance 1e-12·max(|a|, |d|) still count as isotropic.
    expect(
      pick([
        [1, 1e-12],
        [0, 1],
      ]),
    ).toBe('quadratic-time-shift');
    expect(
      pick([
        [1, 0],
        [1e-12, 1],
      ]),
    ).toBe('quadratic-time-shift');
    // A flat direction is not linear: one zero row is not A = 0.
    expect(
      pick([
        [0, 0],
        [0, 1],
      ]),
    ).toBe('guidance');
    // A small isotropic κ: the tolerance scales with |A|.
    expect(
      pick([
        [1e-20, 0],
        [0, 1e-20],
      ]),
    ).toBe('quadratic-time-shift');
  });

  it('`exact` without an exact tool names the reward and the model', () => {
    const call = (model: typeof analytic | typeof learned, reward: Reward) => () =>
      chooseKlTiltMethod(model, reward, 'exact');
    const formula = formulaLikeReward();
    expect(call(analytic, formula)).toThrow(FieldError);
    expect(call(analytic, formula)).toThrow(
      'sampler.method: no exact KL-tilt for a formula reward (r(x) = sin(x) + 0.5·y) on the analytic GMM; use auto or guidance',
    );
    const quad = fixtureQuadraticReward();
    expect(call(learned, quad)).toThrow(
      `sampler.method: no exact KL-tilt for a quadratic reward (${quad.label}) on the learned model "tiny-net"; use auto or guidance`,
    );
  });
});
