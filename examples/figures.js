// The two figures of the example page, mounted with the library's `mount` (a module file, not an inline
// script: the page runs under a strict Content Security Policy).
import { mount } from '../lib/tiltlab.js';

const iso = (v) => [
  [v, 0],
  [0, v],
];
const ring = Array.from({ length: 8 }, (_, i) => [
  2.5 * Math.cos((2 * Math.PI * i) / 8),
  2.5 * Math.sin((2 * Math.PI * i) / 8),
]);

mount(
  document.getElementById('figure-smc'),
  {
    model: {
      kind: 'gmm',
      weights: [0.5, 0.5],
      means: [
        [-2, 0],
        [2, 0],
      ],
      covs: [iso(0.3), iso(0.3)],
      kernel: 'ddpm',
    },
    reward: { kind: 'linear', theta: [1, 0] },
    sampler: { kind: 'smc', lambda: 0.7 },
    particles: 1024,
    steps: 60,
    seed: 3,
  },
  { autoplay: true, loop: true, controls: true },
);

mount(
  document.getElementById('figure-wprox'),
  {
    model: { kind: 'gmm', weights: Array(8).fill(1 / 8), means: ring, covs: ring.map(() => iso(0.04)), kernel: 'ddpm' },
    reward: { kind: 'quadratic', A: iso(2), c: [1, 1] },
    sampler: { kind: 'w-prox', lambda: 2 },
    particles: 512,
    steps: 50,
    seed: 7,
  },
  { autoplay: true, loop: false, controls: true },
);
