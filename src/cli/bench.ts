/**
 * `npm run -s bench [-- --json bench.json] [--quick]`: time per full run for each sampler, backend and N, with
 * ratios against naive paths measured in the same process (architecture.md "Engine and performance rules"):
 * - every sampler on the analytic GMM + linear reward, N ∈ {1024, 4096}, K = 100, on wasm and on cpu (ratio cpu/wasm);
 * - reading the particle positions back every step (emitPositions) against not reading them;
 * - W1: SMC, N = 4096, K = 100, on the 18 → 128³ → 2 SiLU MLP, against the numpy forward of the same network
 *   (scripts/bench-numpy.py, when python3 with numpy is present).
 * - network forwards per run for each sampler (and the proposals/methods that need more) on the W1 network.
 * A table goes to stdout, progress to stderr, the JSON to --json's file. Runs in about a minute or two.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
// Registers tfjs gradients in Node (guidance and formula rewards use tf.grad).
import '@tensorflow/tfjs';
import { useNodeBackend } from './backend';
import type { NodeBackend } from './backend';
import { median, timeForward, timeRuns } from './bench/measure';
import type { RunTiming } from './bench/measure';
import { numpyForward } from './bench/numpyReference';
import type { NumpyTiming } from './bench/numpyReference';
import { formatTable } from './bench/table';
import type { Cell } from './bench/table';
import {
  BENCH_SAMPLERS,
  BENCH_SIZES,
  BENCH_STEPS,
  CountingDenoiser,
  FORWARD_COUNT_CASES,
  forwardCountScenario,
  gmmScenario,
  w1Denoiser,
  w1Scenario,
} from './bench/workloads';
import type { BenchSampler } from './bench/workloads';

interface BenchArgs {
  json?: string;
  quick: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json' && argv[i + 1] !== undefined) args.json = argv[++i];
    else if (argv[i] === '--quick') args.quick = true;
    else throw new Error(`unknown option ${argv[i]}; usage: bench [--json file] [--quick]`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
/** --quick: tiny sizes, to check that the bench itself works. */
const SIZES: number[] = args.quick ? [256] : [...BENCH_SIZES];
const STEPS = args.quick ? 10 : BENCH_STEPS;
const W1_N = args.quick ? 512 : 4096;
const REPS: Record<NodeBackend, number> = { wasm: args.quick ? 1 : 3, cpu: 1 };
const FORWARD_REPS: Record<NodeBackend, number> = { wasm: args.quick ? 3 : 15, cpu: args.quick ? 1 : 3 };

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

interface SamplerRow {
  backend: NodeBackend;
  sampler: BenchSampler;
  n: number;
  steps: number;
  method: string;
  ms: number;
  msPerStep: number;
  runs: number[];
}

async function samplerGrid(backend: NodeBackend): Promise<SamplerRow[]> {
  await useNodeBackend(backend);
  const rows: SamplerRow[] = [];
  for (const sampler of BENCH_SAMPLERS) {
    // One small untimed run per sampler compiles kernels and fills caches.
    await timeRuns(gmmScenario(sampler, 256, 10), 1);
    for (const n of SIZES) {
      progress(`${backend} ${sampler} N=${n}`);
      const t: RunTiming = await timeRuns(gmmScenario(sampler, n, STEPS), REPS[backend]);
      rows.push({ backend, sampler, n, steps: STEPS, method: t.method, ms: t.ms, msPerStep: t.msPerStep, runs: t.runs });
    }
  }
  return rows;
}

/** Reading positions back every step (what the page does to draw) vs not: wasm, kl-tilt, largest N. Interleaved. */
async function readbackRatio() {
  await useNodeBackend('wasm');
  const n = SIZES[SIZES.length - 1];
  const scenario = gmmScenario('kl-tilt', n, STEPS);
  const withRead: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < REPS.wasm; i++) {
    progress(`wasm kl-tilt N=${n} read-back ${i + 1}/${REPS.wasm}`);
    withRead.push((await timeRuns(scenario, 1, { emitPositions: true })).ms);
    without.push((await timeRuns(scenario, 1, { emitPositions: false })).ms);
  }
  const a = median(withRead);
  const b = median(without);
  return { backend: 'wasm', sampler: 'kl-tilt', n, steps: STEPS, msWithReadback: a, msWithout: b, ratio: a / b };
}

async function w1(numpy: NumpyTiming | { unavailable: string }, numpy1: NumpyTiming | { unavailable: string }) {
  await useNodeBackend('wasm');
  let counter: CountingDenoiser | null = null;
  const loadModel = async () => (counter = new CountingDenoiser(w1Denoiser()));
  progress(`W1 wasm SMC MLP N=${W1_N} K=${STEPS}`);
  const run = await timeRuns(w1Scenario(W1_N, STEPS), REPS.wasm, { loadModel }, 1);
  const forwardsPerRun = (counter as CountingDenoiser | null)?.forwards ?? 0;
  const forwardMs: Record<NodeBackend, number> = { wasm: 0, cpu: 0 };
  for (const backend of ['wasm', 'cpu'] as const) {
    await useNodeBackend(backend);
    progress(`MLP forward ${backend} N=${W1_N}`);
    const den = w1Denoiser();
    forwardMs[backend] = await timeForward(den, W1_N, FORWARD_REPS[backend]);
    den.dispose();
  }
  const np = 'forwardMs' in numpy ? numpy : null;
  const np1 = 'forwardMs' in numpy1 ? numpy1 : null;
  // The floor is the faster numpy configuration: on a busy machine extra BLAS threads can cost more than they give.
  const bestNumpyMs = Math.min(np?.forwardMs ?? Infinity, np1?.forwardMs ?? Infinity);
  const floor = Number.isFinite(bestNumpyMs) ? forwardsPerRun * bestNumpyMs : null;
  return {
    workload: 'W1: SMC (base proposal, DIFF, systematic), MLP 18→128→128→128→2 SiLU, linear reward',
    backend: 'wasm',
    n: W1_N,
    steps: STEPS,
    ms: run.ms,
    runs: run.runs,
    forwardsPerRun,
    msPerForwardInRun: run.ms / Math.max(forwardsPerRun, 1),
    forwardMs,
    numpy: np ?? numpy,
    numpyOneThread: np1 ?? numpy1,
    numpyFloorMs: floor,
    ratios: {
      wasmForwardOverNumpy: np ? forwardMs.wasm / np.forwardMs : null,
      wasmForwardOverNumpyOneThread: np1 ? forwardMs.wasm / np1.forwardMs : null,
      cpuForwardOverWasm: forwardMs.cpu / forwardMs.wasm,
      w1OverNumpyFloor: floor ? run.ms / floor : null,
      w1OverIsolatedForwards: run.ms / (forwardsPerRun * forwardMs.wasm),
    },
  };
}

/**
 * Network forwards per run for each sampler on the W1 network (K = STEPS, a small N: the count does not depend on
 * N). One forward = one eps, x0 or denoise call of the model; guidance's forward under tf.grad counts once.
 */
async function forwardCounts() {
  await useNodeBackend('wasm');
  const rows: Array<{ sampler: string; method: string; steps: number; forwardsPerRun: number; perStep: number }> = [];
  for (const c of FORWARD_COUNT_CASES) {
    progress(`forwards per run: ${c.label}`);
    let counter: CountingDenoiser | null = null;
    const loadModel = async () => (counter = new CountingDenoiser(w1Denoiser()));
    const t = await timeRuns(forwardCountScenario(c, 64, STEPS), 1, { loadModel });
    const forwards = (counter as CountingDenoiser | null)?.forwards ?? 0;
    rows.push({ sampler: c.label, method: t.method, steps: STEPS, forwardsPerRun: forwards, perStep: forwards / STEPS });
  }
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const grid = [...(await samplerGrid('wasm')), ...(await samplerGrid('cpu'))];
  const readback = await readbackRatio();
  progress('numpy reference');
  const numpy = numpyForward(W1_N, 'default');
  const numpy1 = numpyForward(W1_N, 1);
  const w1Result = await w1(numpy, numpy1);
  const forwards = await forwardCounts();
  const totalS = (performance.now() - started) / 1000;

  const find = (b: NodeBackend, s: BenchSampler, n: number) => grid.find((r) => r.backend === b && r.sampler === s && r.n === n);
  const samplerRows: Cell[][] = [];
  const cpuOverWasm: Array<{ sampler: BenchSampler; n: number; ratio: number }> = [];
  for (const s of BENCH_SAMPLERS) {
    for (const n of SIZES) {
      const w = find('wasm', s, n)!;
      const c = find('cpu', s, n)!;
      cpuOverWasm.push({ sampler: s, n, ratio: c.ms / w.ms });
      samplerRows.push([s, w.method, n, w.ms, w.msPerStep, c.ms, c.msPerStep, c.ms / w.ms]);
    }
  }
  const out: string[] = [];
  out.push(
    formatTable(
      `Full runs, analytic GMM (§7 fixture) + linear reward, K = ${STEPS} (median of ${REPS.wasm} wasm / ${REPS.cpu} cpu runs)`,
      ['sampler', 'method', 'N', 'wasm ms', 'wasm ms/step', 'cpu ms', 'cpu ms/step', 'cpu/wasm'],
      samplerRows,
    ),
  );
  out.push(
    formatTable(
      'Naive path: read positions back every step (emitPositions) vs not',
      ['backend', 'sampler', 'N', 'ms with read-back', 'ms without', 'ratio'],
      [[readback.backend, readback.sampler, readback.n, readback.msWithReadback, readback.msWithout, readback.ratio]],
      3,
    ),
  );
  const np = w1Result.numpy;
  const np1 = w1Result.numpyOneThread;
  const r = w1Result.ratios;
  out.push(
    formatTable(
      `W1: SMC N = ${W1_N}, K = ${STEPS}, MLP 18→128³→2 SiLU on wasm (${w1Result.forwardsPerRun} network forwards per run)`,
      ['what', 'ms', 'ratio', 'compared with'],
      [
        ['W1 full run (wasm)', w1Result.ms, null, ''],
        ['one forward, N points, tfjs wasm', w1Result.forwardMs.wasm, null, ''],
        ['one forward, tfjs cpu', w1Result.forwardMs.cpu, r.cpuForwardOverWasm, 'tfjs wasm forward'],
        ['one forward, numpy (default threads)', 'forwardMs' in np ? np.forwardMs : null, r.wasmForwardOverNumpy, 'wasm forward / numpy'],
        ['one forward, numpy (1 thread)', 'forwardMs' in np1 ? np1.forwardMs : null, r.wasmForwardOverNumpyOneThread, 'wasm forward / numpy'],
        ['numpy floor = forwards × faster numpy', w1Result.numpyFloorMs, r.w1OverNumpyFloor, 'W1 run / numpy floor'],
        ['forwards × isolated wasm forward', w1Result.forwardsPerRun * w1Result.forwardMs.wasm, r.w1OverIsolatedForwards, 'W1 run / its forwards'],
      ],
    ),
  );
  out.push(
    formatTable(
      `Network forwards per run on the W1 MLP, K = ${STEPS} (eps, x0 or denoise calls; the minimum is K + 1 = ${STEPS + 1})`,
      ['sampler', 'method', 'forwards/run', 'per step'],
      forwards.map((f) => [f.sampler, f.method, String(f.forwardsPerRun), f.perStep]),
    ),
  );
  if (!('forwardMs' in np)) out.push(`numpy reference unavailable: ${np.unavailable}`);
  out.push(
    [
      'How to read W1: the numpy floor is the cost of the network alone — the run\'s number of forwards times the',
      'faster numpy forward (float32 OpenBLAS) — so "W1 run / numpy floor" is what the whole sampler (tfjs dispatch,',
      'Tweedie rewards, weights, resampling, one read-back per step) costs over a bare matmul pipeline, and',
      '"W1 run / its forwards" separates that overhead from the forward speed of tfjs itself.',
    ].join('\n'),
  );
  const load = [loadBefore, loadavg()[0]].map((l) => l.toFixed(1)).join(' → ');
  out.push(
    `total bench time ${totalS.toFixed(0)} s on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}; ` +
      `load average ${load} (other work on the machine inflates every figure: compare ratios within one run)`,
  );
  process.stdout.write(out.join('\n\n') + '\n');

  if (args.json) {
    const report = {
      machine: {
        node: process.version,
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? null,
        platform: process.platform,
        loadAverage: { before: loadBefore, after: loadavg()[0] },
      },
      quick: args.quick,
      totalSeconds: totalS,
      samplers: grid,
      ratios: { cpuOverWasm, readbackEveryStep: readback },
      w1: w1Result,
      forwardsPerRun: forwards,
    };
    writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
    progress(`JSON written to ${args.json}`);
  }
}

await main();
