// The score-operator tilts (algorithms.md §3.2, §3.3) on a few points, against the analytic GMM tilted in closed
// form (§2.3): the linear shift's ε and x̂₀ at a low and a high noise level (the many-point version of this check is
// a slow test), the clamp of the shifted time at t_min, the refusal of a convex time shift, and the names the
// tilted denoisers report.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tiltGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { T_MIN } from '../../../../src/core/schedule';
import { linearShiftDenoiser, quadraticTimeShiftDenoiser, shiftedTime } from '../../../../src/core/samplers/tilts';
import { FIXTURE_GMM, linearReward } from '../../fixtures';

const gmm = new GmmDenoiser(FIXTURE_GMM, 'fixture');

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('linear shift (§3.2)', () => {
  it('ε and x̂₀ of the shift equal those of the tilted GMM (rel 1e-4) at t = 0.05 and 0.6', () => {
    const theta: [number, number] = [1.2, -0.7];
    const q = new GmmDenoiser(tiltGmm(FIXTURE_GMM, linearReward(theta).polynomial!, 1).spec);
    const shifted = linearShiftDenoiser(gmm, theta);
    const x = tf.tensor2d([-2, 0.5, 1.5, 1, 0, -2, 0.3, 0.2, 3, -1], [5, 2]);
    for (const t of [0.05, 0.6]) {
      expect(maxRel(shifted.eps(x, t).dataSync(), q.eps(x, t).dataSync()), `ε at t = ${t}`).toBeLessThan(1e-4);
      expect(maxRel(shifted.x0(x, t).dataSync(), q.x0(x, t).dataSync()), `x̂₀ at t = ${t}`).toBeLessThan(1e-4);
    }
    x.dispose();
    expect(shifted.name).toBe('fixture+linear-shift');
  });
});

describe('time shift (§3.3)', () => {
  it('SNR_{t′} = SNR_t + γ, clamped at t_min; γ = 0 leaves t; a convex tilt is refused; the name', () => {
    expect(shiftedTime(0.4, 0)).toBe(0.4);
    // SNR at t_min is about 9·10³: a γ of 10⁶ would go below it.
    expect(shiftedTime(0.4, 1e6)).toBe(T_MIN);
    expect(shiftedTime(0.4, 1)).toBeLessThan(0.4);
    expect(shiftedTime(0.4, 1)).toBeGreaterThan(T_MIN);
    expect(() => quadraticTimeShiftDenoiser(gmm, -0.5, [0, 0])).toThrow(
      'the time shift needs a concave tilt (γ ≥ 0), got γ = -0.5',
    );
    expect(() => quadraticTimeShiftDenoiser(gmm, NaN, [0, 0])).toThrow(/γ ≥ 0/);
    expect(quadraticTimeShiftDenoiser(gmm, 1, [0, 0]).name).toBe('fixture+time-shift');
  });
});
