// The formula reward: the documented grammar is accepted with the right values (precedence included), everything
// else is rejected with a message and a 1-based position, parseScenario rejects bad formulas, the tf.grad gradient
// matches float64 finite differences, and parsing leaves jsep's global configuration as it found it.
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (the formula reward differentiates with tf.grad)
import * as tf from '@tensorflow/tfjs-core';
import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { checkFormula, formulaReward } from '../../../../src/core/rewards/formula';
import { DEFAULT_SCENARIO, parseScenario, validateScenario } from '../../../../src/core/scenario';
import { FieldError } from '../../../../src/core/types';

const P = { x: 0.7, y: -0.4 };
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const softplus = (v: number) => Math.log1p(Math.exp(v));

/** [expression, value at (x, y) = (0.7, −0.4)] */
const ACCEPTED: Array<[string, number]> = [
  ['x', P.x],
  ['y', P.y],
  ['3', 3],
  ['1e-3*x', 1e-3 * P.x],
  ['1.5E2', 150],
  ['.5*y', 0.5 * P.y],
  ['2.', 2],
  ['pi', Math.PI],
  ['e', Math.E],
  ['x + y - 1', P.x + P.y - 1],
  ['x - y - 1', P.x - P.y - 1], // left-associative
  ['8 / 4 / 2', 1], // left-associative
  ['2 + 3 * 4', 14],
  ['(2 + 3) * 4', 20],
  ['2 ^ 3 ^ 2', 512], // right-associative
  ['(2 ^ 3) ^ 2', 64],
  ['-2^2', -4], // unary minus binds looser than ^
  ['(-2)^2', 4],
  ['-x^2', -(P.x ** 2)],
  ['2^-1', 0.5],
  ['2^-x^2', 2 ** -(P.x ** 2)],
  ['-(x-1)^2 + sin(3*y)', -((P.x - 1) ** 2) + Math.sin(3 * P.y)],
  ['2*-x', -2 * P.x],
  ['x - -y', P.x + P.y],
  ['--x', P.x],
  ['+x', P.x],
  ['-x*y', -P.x * P.y],
  ['3*x^2*y', 3 * P.x ** 2 * P.y],
  ['y^2', P.y ** 2], // negative base, integer exponent
  ['\tsin ( x )\n', Math.sin(P.x)],
  ['cos(x)', Math.cos(P.x)],
  ['tan(x)', Math.tan(P.x)],
  ['atan(y)', Math.atan(P.y)],
  ['exp(y)', Math.exp(P.y)],
  ['log(x)', Math.log(P.x)],
  ['sqrt(x)', Math.sqrt(P.x)],
  ['abs(y)', Math.abs(P.y)],
  ['tanh(x)', Math.tanh(P.x)],
  ['sigmoid(y)', sigmoid(P.y)],
  ['softplus(x)', softplus(P.x)],
  ['min(x, y)', Math.min(P.x, P.y)],
  ['max(x, y, 1)', 1],
  ['min(x, y, -1, 0)', -1],
  ['pow(x, 3)', P.x ** 3],
  ['atan2(y, x)', Math.atan2(P.y, P.x)],
  ['exp(-((x-1)^2 + (y+0.5)^2)/0.5)', Math.exp(-((P.x - 1) ** 2 + (P.y + 0.5) ** 2) / 0.5)],
  ['max(sin(3*x), cos(2*y)) - 0.1*sqrt(x^2 + y^2)', Math.max(Math.sin(3 * P.x), Math.cos(2 * P.y)) - 0.1 * Math.hypot(P.x, P.y)],
];

/** [expression, 1-based position, a fragment of the message] */
const REJECTED: Array<[string, number, string]> = [
  ['', 1, 'empty'],
  ['   ', 1, 'empty'],
  ['x +', 4, 'expected an expression after "+" but the formula ends'],
  ['-', 2, 'expected an expression after "-"'],
  ['x y', 3, 'unexpected "y"'],
  ['sin(x) cos(y)', 8, 'unexpected "c"'],
  ['z + 1', 1, 'unknown name "z"'],
  ['2 * q', 5, 'unknown name "q"'],
  ['true', 1, 'unknown name "true"'],
  ['this', 1, 'unknown name "this"'],
  ['Math.PI', 1, 'unknown name "Math"'],
  ['constructor', 1, 'unknown name "constructor"'],
  ['__proto__', 1, 'unknown name "__proto__"'],
  ['foo(x)', 1, 'unknown function "foo"'],
  ['x + eval(y)', 5, 'unknown function "eval"'],
  ['x(2)', 1, '"x" is not a function'],
  ['sin', 1, '"sin" is a function'],
  ['sin(x, y)', 1, 'sin takes 1 argument but got 2'],
  ['pow(x)', 1, 'pow takes 2 arguments but got 1'],
  ['x + max(x)', 5, 'max takes 2 or more arguments but got 1'],
  ['cos()', 1, 'cos takes 1 argument but got 0'],
  ['x.y', 2, 'member access'],
  ['x[0]', 2, 'indexing'],
  ['[1, 2]', 1, 'arrays'],
  ['"a"', 1, 'strings'],
  ["x + 'b'", 5, 'strings'],
  ['x ? 1 : 2', 3, 'conditional operator "?"'],
  ['x = 1', 3, '"=" is not supported'],
  ['x == 1', 3, '"=" is not supported'],
  ['x < 1', 3, 'comparisons'],
  ['x % 2', 3, 'the operator "%"'],
  ['x & y', 3, 'the operator "&"'],
  ['!x', 1, 'the operator "!"'],
  ['x ** 2', 3, '"**" is not supported'],
  ['2x', 2, 'a number cannot be followed by a name'],
  ['1e', 3, 'incomplete exponent'],
  ['1.2.3', 4, 'unexpected "."'],
  ['.', 1, 'a number needs a digit after "."'],
  ['1e999', 1, 'number out of range'],
  ['(x', 1, 'unclosed "("'],
  ['sin(x', 4, 'unclosed "(" of sin'],
  ['x)', 2, 'unexpected ")" (no matching "(")'],
  ['()', 1, 'empty parentheses'],
  ['(x, y)', 3, 'unexpected ","'],
  ['max(x,)', 7, 'expected an argument after ","'],
  ['max(,x)', 5, 'unexpected ","'],
  ['x;y', 2, 'unexpected ";"'],
  ['x,', 2, 'unexpected ","'],
  ['x^', 3, 'expected an expression after "^"'],
  ['x' + ' '.repeat(500), 501, 'longer than 500 characters'],
];

async function valueAt(expr: string, x: number, y: number): Promise<number> {
  const reward = formulaReward(expr);
  const pt = tf.tensor2d([[x, y]]);
  const v = reward.value(pt);
  const out = (await v.data())[0];
  tf.dispose([pt, v]);
  return out;
}

describe('formula grammar: accepted expressions', () => {
  it.each(ACCEPTED)('%s', async (expr, expected) => {
    expect(checkFormula(expr)).toEqual({ ok: true });
    const got = await valueAt(expr, P.x, P.y);
    // float32 evaluation: a few ulps relative to the magnitude.
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(expected)));
  });

  it('a formula without x or y is broadcast to every particle and has a zero gradient', async () => {
    const reward = formulaReward('2*pi');
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const v = reward.value(x);
    const g = reward.grad(x);
    expect(v.shape).toEqual([3]);
    expect(Array.from(await v.data()).map((a) => a - 2 * Math.PI).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    expect(Array.from(await g.data())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([x, v, g]);
  });

  it('values outside a function domain are NaN (the samplers turn that into an error, see wprox.test.ts)', async () => {
    expect(Number.isNaN(await valueAt('log(x)', -1, 0))).toBe(true);
  });
});

describe('formula grammar: rejected input', () => {
  it.each(REJECTED)('%j → position %i', (expr, position, fragment) => {
    const check = checkFormula(expr);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.position).toBe(position);
    expect(check.message).toContain(fragment);
    let error: unknown = null;
    try {
      formulaReward(expr);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe('reward.expr');
    expect((error as FieldError).problem).toBe(`${check.message} at position ${position}`);
  });

  it('parseScenario rejects a bad formula on reward.expr, and accepts a good one', () => {
    const bad = { ...DEFAULT_SCENARIO, reward: { kind: 'formula', expr: 'sin(x) + zz' } };
    expect(() => parseScenario(bad)).toThrow(FieldError);
    const v = validateScenario(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems).toContainEqual({ field: 'reward.expr', problem: 'unknown name "zz" (the variables are x and y, the constants pi and e) at position 10' });
    const good = parseScenario({ ...DEFAULT_SCENARIO, reward: { kind: 'formula', expr: 'sin(x) + y' } });
    expect(good.reward).toEqual({ kind: 'formula', expr: 'sin(x) + y' });
  });

  it("parsing leaves jsep's global grammar untouched for other users", () => {
    const before = JSON.stringify(jsep('a % b && !c'));
    checkFormula('x^2 - y');
    checkFormula('x ? 1 : 2');
    expect(JSON.stringify(jsep('a % b && !c'))).toBe(before);
    expect(jsep('2 ^ 3')).toMatchObject({ type: 'BinaryExpression', operator: '^' });
  });
});

describe('formula gradient (tf.grad) vs float64 finite differences', () => {
  const CASES: Array<[string, (x: number, y: number) => number]> = [
    ['-(x-1)^2 + sin(3*y)', (x, y) => -((x - 1) ** 2) + Math.sin(3 * y)],
    ['exp(-(x^2 + 2*y^2)) * cos(x*y)', (x, y) => Math.exp(-(x * x + 2 * y * y)) * Math.cos(x * y)],
    ['tanh(x) + sigmoid(y) - softplus(x*y) + atan(x - y)', (x, y) => Math.tanh(x) + sigmoid(y) - softplus(x * y) + Math.atan(x - y)],
    ['log(1 + x^2) / sqrt(2 + y^2) + tan(0.3*y)', (x, y) => Math.log(1 + x * x) / Math.sqrt(2 + y * y) + Math.tan(0.3 * y)],
    ['atan2(y, x) + pow(2, x) + 2^y', (x, y) => Math.atan2(y, x) + 2 ** x + 2 ** y],
    ['abs(x - 0.1) + max(x, y^2, 0.05) + min(y, -x)', (x, y) => Math.abs(x - 0.1) + Math.max(x, y * y, 0.05) + Math.min(y, -x)],
    ['y^3 - 3*x*y^2', (x, y) => y ** 3 - 3 * x * y * y],
  ];
  // Points away from the kinks of abs/min/max and the branch cut of atan2 (x > 0).
  const POINTS: Array<[number, number]> = [
    [0.7, -0.4],
    [1.3, 0.9],
    [0.35, -1.2],
    [2.1, 0.15],
  ];

  it.each(CASES)('%s', async (expr, host) => {
    const reward = formulaReward(expr);
    const x = tf.tensor2d(POINTS);
    const g = reward.grad(x);
    const grad = await g.data();
    tf.dispose([x, g]);
    const h = 1e-6;
    POINTS.forEach(([px, py], i) => {
      const fd = [(host(px + h, py) - host(px - h, py)) / (2 * h), (host(px, py + h) - host(px, py - h)) / (2 * h)];
      const err = Math.hypot(grad[2 * i] - fd[0], grad[2 * i + 1] - fd[1]);
      // float32 tape: a few ulps of each intermediate, relative to the gradient's size.
      expect(err).toBeLessThan(1e-5 * (1 + Math.hypot(fd[0], fd[1])));
    });
  });

  it('value and grad leak no tensors and construction allocates none', async () => {
    const before = tf.memory().numTensors;
    const reward = formulaReward(CASES[1][0]);
    expect(tf.memory().numTensors).toBe(before);
    const x = tf.tensor2d(POINTS);
    const v = reward.value(x);
    const g = reward.grad(x);
    await Promise.all([v.data(), g.data()]);
    tf.dispose([x, v, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
