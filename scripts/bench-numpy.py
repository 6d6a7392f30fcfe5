#!/usr/bin/env python3
"""Times the bench's W1 MLP forward pass in numpy float32, as a CPU reference for `npm run bench`.

The network is the one W1 times in tfjs: input (x, y) plus 16 time features -> 128 -> 128 -> 128 -> 2, SiLU between
layers, random weights. One forward = build the [N, 18] input (the time features are the same for every particle),
three hidden layers and the output layer. Prints one JSON object on stdout:
{"numpy": version, "n": N, "forwardMs": median, "minMs": fastest, "reps": R, "threads": OPENBLAS/OMP setting}.

Usage: python3 scripts/bench-numpy.py [N] [reps]   (defaults 4096, 30). Set OPENBLAS_NUM_THREADS=1 for one core.
"""
import json
import os
import sys
import time

import numpy as np

TIME_FEATURES = 16
HIDDEN = 128


def log_snr(t: float) -> float:
    # The VP schedule of algorithms.md section 1 (beta_min 0.1, beta_max 20).
    log_alpha = -0.5 * (0.1 * t + 0.5 * (20.0 - 0.1) * t * t)
    return 2.0 * log_alpha - np.log(-np.expm1(2.0 * log_alpha))


def time_features(t: float) -> np.ndarray:
    # The tfjs model's time embedding (src/core/models/timeFeatures.ts): sin/cos pairs of log SNR_t / 10 at
    # frequencies 32^(j/7), j = 0..7, interleaved.
    u = log_snr(t) / 10.0
    freqs = 32.0 ** (np.arange(TIME_FEATURES // 2) / (TIME_FEATURES // 2 - 1))
    return np.stack([np.sin(freqs * u), np.cos(freqs * u)], axis=1).reshape(-1).astype(np.float32)


def silu(z: np.ndarray) -> np.ndarray:
    return z / (1.0 + np.exp(-z))


def make_layers(rng: np.random.Generator):
    sizes = [2 + TIME_FEATURES, HIDDEN, HIDDEN, HIDDEN, 2]
    return [
        (
            (rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32),
            np.zeros(b, dtype=np.float32),
        )
        for a, b in zip(sizes[:-1], sizes[1:])
    ]


def forward(layers, x: np.ndarray, t: float) -> np.ndarray:
    h = np.concatenate([x, np.broadcast_to(time_features(t), (x.shape[0], TIME_FEATURES))], axis=1)
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
            h = silu(h)
    return h


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    rng = np.random.default_rng(1)
    layers = make_layers(rng)
    x = rng.standard_normal((n, 2)).astype(np.float32)
    for _ in range(3):
        forward(layers, x, 0.5)
    times = []
    for r in range(reps):
        t0 = time.perf_counter()
        out = forward(layers, x, (r + 0.5) / reps)
        times.append((time.perf_counter() - t0) * 1000.0)
    assert out.dtype == np.float32 and out.shape == (n, 2) and np.isfinite(out).all()
    times.sort()
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "n": n,
                "forwardMs": times[len(times) // 2],
                "minMs": times[0],
                "reps": reps,
                "threads": os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or "default",
            }
        )
    )


if __name__ == "__main__":
    main()
