/** The failed-run message (view/runProblem.ts) says what failed, where, what to try, and what stays on screen. */
import { describe, expect, it } from 'vitest';
import { explainRunProblem, fieldName, plainRunError } from '../../../src/view/runProblem';

describe('explainRunProblem', () => {
  it('an unloadable model: could not start, the model field, plain words, and advice', () => {
    const t = explainRunProblem({ status: 'error', error: { field: 'model.name', problem: `could not load model "nope": Unexpected token '<', "<!doctype "... is not valid JSON` }, goodSteps: 0, steps: 100, keptPicture: false });
    expect(t.title).toBe('The run could not start');
    expect(t.where).toBe('Input: Model p → Base model (a learned model)');
    expect(t.what).toBe('The learned model "nope" could not be loaded: the page has no model of that name.');
    expect(t.what).not.toMatch(/doctype|JSON/);
    expect(t.tryThis).toMatch(/^What to try: Pick one of the models/);
  });

  it("the engine's own remedy becomes the advice", () => {
    const t = explainRunProblem({ status: 'error', error: { field: 'sampler.method', problem: 'no exact KL-tilt for a formula reward (r(x, y) = x) on the analytic GMM; use auto or guidance' }, goodSteps: 0, steps: 100, keptPicture: true });
    expect(t.where).toBe('Input: Sampler → KL-tilt method');
    expect(t.what).toBe('No exact KL-tilt for a formula reward (r(x, y) = x) on the analytic GMM.');
    expect(t.tryThis).toBe('What to try: Use auto or guidance.');
    expect(t.kept).toBe('The last good picture stays underneath.');
  });

  it('a numerical failure mid-run names the step and keeps the picture at the last good one', () => {
    const t = explainRunProblem({ status: 'error', error: { field: null, problem: 'the run produced a non-finite value (NaN or ±Inf) in the reward at step 80; try a larger λ' }, goodSteps: 19, steps: 100, keptPicture: true });
    expect(t.title).toBe('The run failed at step 20 of 100');
    // The engine counts grid indices down from K (k = 80); the page counts the steps taken, K − k = 20.
    expect(t.what).toMatch(/in the reward at step 20\b/);
    expect(t.where).toBeNull();
    // The remedy's own "try" is not said twice ("What to try: Try …").
    expect(t.tryThis).toBe('What to try: A larger λ.');
    expect(t.kept).toBe('The picture and the charts stop at step 19 of 100, the last good step.');
  });

  it('a failure at the starting noise is not called "step 0": the title says first step, the text the start', () => {
    const problem = 'the run produced a non-finite value (NaN or ±Inf) in the reward at step 100; try a larger λ or fewer extreme parameters';
    const t = explainRunProblem({ status: 'error', error: { field: null, problem }, goodSteps: 0, steps: 100, keptPicture: true });
    expect(t.title).toBe('The run failed at its first step (of 100)');
    expect(t.what).toBe('The run produced a non-finite value (NaN or ±Inf) in the reward at the starting noise, before the first step.');
    expect(t.what).not.toMatch(/step 0|step 100/);
    // The details and the summary say the same, in the page's step numbers.
    expect(plainRunError({ field: null, problem }, 100)).toMatch(/in the reward at the starting noise, before the first step; try/);
    expect(plainRunError({ field: null, problem: problem.replace('step 100', 'step 79') }, 100)).toMatch(/in the reward at step 21;/);
    // The summary's version leaves the engine's remedy to the message over the canvas.
    expect(plainRunError({ field: null, problem }, 100, { remedy: false })).toBe('the run produced a non-finite value (NaN or ±Inf) in the reward at the starting noise, before the first step');
  });

  it("a formula's non-finite reward points at the formula, not at λ", () => {
    const problem = 'the run produced a non-finite value (NaN or ±Inf) in the reward at step 100; try a larger λ or fewer extreme parameters';
    const t = explainRunProblem({ status: 'error', error: { field: null, problem }, goodSteps: 0, steps: 100, keptPicture: true, rewardKind: 'formula' });
    expect(t.where).toBe('Input: Reward r → Formula');
    expect(t.tryThis).toMatch(/^What to try: Check the formula: it is not finite somewhere the particles go/);
    expect(t.tryThis).not.toMatch(/λ/);
    // A non-finite log-weight under a formula reward is still the weights' (λ) doing.
    const w = explainRunProblem({ status: 'error', error: { field: null, problem: problem.replace('the reward', 'the log-weights') }, goodSteps: 3, steps: 100, keptPicture: true, rewardKind: 'formula' });
    expect(w.where).toBeNull();
    expect(w.tryThis).toBe('What to try: A larger λ or fewer extreme parameters.');
  });

  it('a run that failed behind the previous finished one says that picture stays, not that its own steps do', () => {
    const t = explainRunProblem({ status: 'error', error: { field: null, problem: 'the run produced a non-finite value' }, goodSteps: 12, steps: 100, keptPicture: true, previousPicture: true });
    expect(t.title).toBe('The run failed at step 13 of 100');
    expect(t.kept).toBe('The last good picture stays underneath.');
  });

  it('a stopped run says so and offers to run again', () => {
    const t = explainRunProblem({ status: 'cancelled', error: null, goodSteps: 40, steps: 100, keptPicture: true });
    expect(t.title).toBe('The run was stopped after step 40 of 100');
    expect(t.tryThis).toMatch(/Run again/);
    expect(t.what).toMatch(/newer run/);
    expect(t.kept).toBe('The picture and the charts stop at step 40 of 100, the last good step.');
  });

  it('a run the user stopped says they stopped it, not that something else took the engine', () => {
    const t = explainRunProblem({ status: 'cancelled', error: null, goodSteps: 40, steps: 100, keptPicture: true, stoppedByUser: true });
    expect(t.title).toBe('The run was stopped after step 40 of 100');
    expect(t.what).toBe('You stopped it with Stop.');
    expect(t.what).not.toMatch(/newer run/);
  });

  it('fields are named as the controls name them', () => {
    expect(fieldName('sampler.lambda')).toBe('Sampler → λ');
    expect(fieldName('compare.lambda')).toBe('Sampler B → λ');
    expect(fieldName('reward.expr')).toBe('Reward r → Formula');
    expect(fieldName('unknown.thing')).toBe('unknown.thing');
  });
});
