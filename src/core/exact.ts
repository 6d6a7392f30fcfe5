/**
 * Exact ground truth for a Gaussian-mixture base (algorithms.md §2): the closed-form KL tilt and log Z (§2.3), the
 * optimal twist log ψ_t (§2.4), the W-prox pushforward (§2.5), exact draws, and the target of a whole scenario.
 */
export { tiltGmm, gmmExpectedReward, gmmLogMgf, logSumExpArray } from './exact/tilt';
export type { PolynomialReward } from './exact/tilt';
export { logPsi } from './exact/twist';
export { wProxPushforward, wProxAffineMap } from './exact/wprox';
export { sampleGmm } from './exact/sample';
export { gmmExpectedMaxLinear } from './exact/maxLinearMean';
export { baseTarget, klTiltTarget, wProxTarget } from './exact/target';
export type { ExactTarget } from './exact/target';
