import { describe, expect, it } from 'vitest';
import { DATASETS, datasetByName } from '../../../../src/core/datasets/registry';
import { gmmFixture, gmmRing8 } from '../../../../src/core/datasets/gmmPresets';
import { userPointsDataset, validateUserPoints } from '../../../../src/core/datasets/userPoints';
import { Rng } from '../../../../src/core/rng';
import { FieldError } from '../../../../src/core/types';
import type { GmmSpec } from '../../../../src/core/types';

const N = 40000;

function moments(p: Float32Array) {
  const n = p.length / 2;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i];
    my += p[2 * i + 1];
  }
  mx /= n;
  my /= n;
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const dx = p[2 * i] - mx;
    const dy = p[2 * i + 1] - my;
    xx += dx * dx;
    xy += dx * dy;
    yy += dy * dy;
  }
  return { mean: [mx, my], cov: [[xx / n, xy / n], [xy / n, yy / n]] };
}

/** Standard error of tr Cov: sd of ‖x − x̄‖² over √n. */
function traceStats(p: Float32Array): { trace: number; se: number } {
  const { mean } = moments(p);
  const n = p.length / 2;
  const sq = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    sq[i] = (p[2 * i] - mean[0]) ** 2 + (p[2 * i + 1] - mean[1]) ** 2;
    s += sq[i];
  }
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (sq[i] - m) ** 2;
  return { trace: m, se: Math.sqrt(v / n / n) };
}

function gmmMoments(spec: GmmSpec) {
  const m = [0, 0];
  spec.weights.forEach((w, k) => {
    m[0] += w * spec.means[k][0];
    m[1] += w * spec.means[k][1];
  });
  const c = [
    [0, 0],
    [0, 0],
  ];
  spec.weights.forEach((w, k) => {
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) c[i][j] += w * (spec.covs[k][i][j] + spec.means[k][i] * spec.means[k][j]);
  });
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) c[i][j] -= m[i] * m[j];
  return { mean: m, cov: c };
}

/** tr Cov = 2 + 2·noise² by construction for the shapes (normalized.ts). */
const SHAPE_TRACE: Record<string, number> = {
  moons: 2 + 2 * 0.1 ** 2,
  spiral: 2 + 2 * 0.05 ** 2,
  rings: 2 + 2 * 0.06 ** 2,
  checkerboard: 2,
  line: 2 + 2 * 0.05 ** 2,
};

describe('data set registry', () => {
  it('lists the GMM presets and every shape, with unique names', () => {
    const names = DATASETS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['gmm-fixture', 'gmm-ring8', 'moons', 'spiral', 'rings', 'checkerboard', 'line']) expect(names).toContain(n);
    for (const d of DATASETS) expect(d.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('rejects an unknown name with a FieldError on the field', () => {
    expect(() => datasetByName('nope')).toThrow(FieldError);
    try {
      datasetByName('nope', 'train.dataset');
    } catch (e) {
      expect((e as FieldError).field).toBe('train.dataset');
    }
  });

  it.each(DATASETS.map((d) => [d.name, d] as const))('%s: seeded, finite, interleaved N×2', (_, d) => {
    const a = d.sample(500, new Rng(5, 'ds'));
    const b = d.sample(500, new Rng(5, 'ds'));
    const c = d.sample(500, new Rng(6, 'ds'));
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(1000);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('shapes are centred at roughly unit variance', () => {
  it.each(Object.keys(SHAPE_TRACE))('%s: mean 0 and tr Cov = 2 + 2·noise² (4 SE)', (name) => {
    const p = datasetByName(name).sample(N, new Rng(11, name));
    const { mean, cov } = moments(p);
    const seMean = Math.sqrt((cov[0][0] + cov[1][1]) / N);
    expect(Math.hypot(mean[0], mean[1])).toBeLessThan(4 * seMean);
    const { trace, se } = traceStats(p);
    expect(Math.abs(trace - SHAPE_TRACE[name])).toBeLessThan(4 * se);
  });

  it('checkerboard points lie on the dark squares: ⌊x⌋ + ⌊y⌋ even in board units', () => {
    const p = datasetByName('checkerboard').sample(5000, new Rng(3));
    const s = Math.sqrt(4 / 3);
    let outside = 0;
    let light = 0;
    for (let i = 0; i < 5000; i++) {
      const x = p[2 * i] * s;
      const y = p[2 * i + 1] * s;
      if (Math.abs(x) > 2 + 1e-5 || Math.abs(y) > 2 + 1e-5) outside++;
      if ((((Math.floor(x) + Math.floor(y)) % 2) + 2) % 2 !== 0) light++;
    }
    expect(outside).toBe(0);
    expect(light).toBe(0);
  });

  it('rings: a third of the points on the inner ring (radius ratio 1 : 2)', () => {
    const p = datasetByName('rings').sample(N, new Rng(4));
    const inner = 1 / Math.sqrt(1.5);
    const outer = 2 / Math.sqrt(1.5);
    let nInner = 0;
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const r = Math.hypot(p[2 * i], p[2 * i + 1]);
      worst = Math.max(worst, Math.min(Math.abs(r - inner), Math.abs(r - outer)));
      if (Math.abs(r - inner) < Math.abs(r - outer)) nInner++;
    }
    expect(worst).toBeLessThan(0.4);
    expect(Math.abs(nInner / N - 1 / 3)).toBeLessThan(4 * Math.sqrt((1 / 3) * (2 / 3) / N));
  });

  it('line: spread across the 30° direction equals the noise sd 0.05', () => {
    const p = datasetByName('line').sample(N, new Rng(8));
    const normal = [-Math.sin(Math.PI / 6), Math.cos(Math.PI / 6)];
    let s2 = 0;
    for (let i = 0; i < N; i++) s2 += (p[2 * i] * normal[0] + p[2 * i + 1] * normal[1]) ** 2;
    const sd = Math.sqrt(s2 / N);
    expect(Math.abs(sd - 0.05)).toBeLessThan(4 * 0.05 / Math.sqrt(2 * N));
  });
});

describe('GMM presets', () => {
  it('gmm-fixture is the §7 fixture in raw coordinates', () => {
    expect(gmmFixture.gmm).toEqual({
      weights: [0.5, 0.3, 0.2],
      means: [
        [-2, 0],
        [2, 1],
        [0, -2.5],
      ],
      covs: [
        [
          [0.3, 0],
          [0, 0.3],
        ],
        [
          [0.4, 0.1],
          [0.1, 0.2],
        ],
        [
          [0.15, 0],
          [0, 0.15],
        ],
      ],
    });
  });

  it('gmm-ring8 has exactly unit covariance (closed form)', () => {
    const { mean, cov } = gmmMoments(gmmRing8.gmm!);
    expect(Math.hypot(mean[0], mean[1])).toBeLessThan(1e-12);
    expect(cov[0][0]).toBeCloseTo(1, 12);
    expect(cov[1][1]).toBeCloseTo(1, 12);
    expect(cov[0][1]).toBeCloseTo(0, 12);
  });

  it.each(DATASETS.filter((d) => d.gmm).map((d) => [d.name, d] as const))(
    '%s: sample mean and covariance match the spec (4 SE)',
    (name, d) => {
      const p = d.sample(N, new Rng(21, name));
      const got = moments(p);
      const want = gmmMoments(d.gmm!);
      const se = Math.sqrt((want.cov[0][0] + want.cov[1][1]) / N);
      expect(Math.hypot(got.mean[0] - want.mean[0], got.mean[1] - want.mean[1])).toBeLessThan(4 * se);
      const { trace, se: seTrace } = traceStats(p);
      expect(Math.abs(trace - (want.cov[0][0] + want.cov[1][1]))).toBeLessThan(4 * seTrace);
    },
  );
});

describe('user points', () => {
  const square = Array.from({ length: 12 }, (_, i) => [Math.cos(i), Math.sin(2 * i)]);

  it('names the offending point in the FieldError', () => {
    const cases: Array<[unknown, string]> = [
      ['not points', 'points'],
      [square.slice(0, 3), 'points'],
      [[...square.slice(0, 3), [1, Number.NaN], ...square], 'points.3'],
      [[...square, [1, 2, 3]], 'points.12'],
      [[...square.slice(0, 5), [1e4, 0], ...square], 'points.5'],
      [[...square.slice(0, 9), 'x', ...square], 'points.9'],
      [Array.from({ length: 10 }, () => [1, 1]), 'points'],
      [Array.from({ length: 6000 }, (_, i) => [i, 0]), 'points'],
      [new Float32Array([...square.flat(), 0]), 'points'],
      [new Float32Array([...square.flat().slice(0, 8), Number.POSITIVE_INFINITY, 0, ...square.flat()]), 'points.4'],
    ];
    for (const [input, field] of cases) {
      let error: unknown = null;
      try {
        validateUserPoints(input);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(field)).toBeInstanceOf(FieldError);
      expect((error as FieldError).field).toBe(field);
    }
  });

  it('accepts interleaved coordinates as the engine sends them', () => {
    expect(Array.from(validateUserPoints(new Float32Array(square.flat())))).toEqual(Array.from(new Float32Array(square.flat())));
  });

  it('uses the given field name and validates the bandwidth', () => {
    expect(() => userPointsDataset([[0, 0]], { field: 'train.points' })).toThrow(/^train\.points:/);
    expect(() => userPointsDataset(square, { bandwidth: 0 })).toThrow(FieldError);
  });

  it('samples near the given points, in their own coordinates', () => {
    const pts = square.map(([x, y]) => [10 + x, -5 + y]);
    const d = userPointsDataset(pts, { bandwidth: 0.05 });
    const s = d.sample(5000, new Rng(2));
    let farthest = 0;
    for (let i = 0; i < 5000; i++) {
      const nearest = Math.min(...pts.map(([x, y]) => Math.hypot(s[2 * i] - x, s[2 * i + 1] - y)));
      farthest = Math.max(farthest, nearest);
    }
    expect(farthest).toBeLessThan(0.5);
    const { mean, cov } = moments(s);
    const m = [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length];
    expect(Math.hypot(mean[0] - m[0], mean[1] - m[1])).toBeLessThan(4 * Math.sqrt((cov[0][0] + cov[1][1]) / 5000));
  });
});
