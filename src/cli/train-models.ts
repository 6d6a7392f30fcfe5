/**
 * `npm run train-models [-- --only a,b] [--ablation]`: trains every shipped model from scratch on the wasm
 * backend, measures it (core/train/evaluate.ts) and writes public/models/<name>/ (layers format + card.json)
 * for each model whose quality is within its bound, plus public/models/index.json. A model that misses its
 * bound is not written (a stale copy is removed) and the command exits 1.
 * --ablation also trains each GMM model without the widened inputs and reports the KL-tilt comparison for
 * both (public/models/widening-ablation.json); it roughly doubles the time for those models.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetByName } from '../core/datasets/registry';
import type { Dataset } from '../core/datasets/types';
import type { Vec2 } from '../core/linalg2';
import type { MlpCard, TiltRecord } from '../core/models/mlpCard';
import { cardFor } from '../core/train/card';
import { measureQuality, measureTilt } from '../core/train/evaluate';
import type { TrainOptions } from '../core/train/options';
import { denoiserOf, trainDenoiser } from '../core/train/trainDenoiser';
import { useNodeBackend } from './backend';
import { MODELS_DIR, saveModelToDisk } from './models';

/**
 * The shipped models: one per data set, named after it. Training options override DEFAULT_TRAIN_OPTIONS
 * (core/train/options.ts); the budget is about a minute of training per model on 2 cores.
 */
const SHIPPED_MODELS: Array<{ name: string; dataset: string; options: Partial<TrainOptions> }> = [
  { name: 'gmm-fixture', dataset: 'gmm-fixture', options: { steps: 6000 } },
  { name: 'gmm-ring8', dataset: 'gmm-ring8', options: { steps: 6000 } },
  { name: 'moons', dataset: 'moons', options: {} },
  { name: 'spiral', dataset: 'spiral', options: {} },
  { name: 'rings', dataset: 'rings', options: {} },
  { name: 'checkerboard', dataset: 'checkerboard', options: {} },
  { name: 'line', dataset: 'line', options: {} },
];

/** The §7 linear reward a = (1, −0.5), at λ = 1, for the KL-tilt comparison on GMM data. */
const TILT_CHECK = { a: [1, -0.5] as Vec2, lambda: 1 };

interface Outcome {
  card: MlpCard;
  shipped: boolean;
}

function parseArgs(argv: string[]): { only: string[] | null; ablation: boolean } {
  let only: string[] | null = null;
  let ablation = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (argv[i] === '--ablation') ablation = true;
    else throw new Error(`unknown argument "${argv[i]}"; usage: train-models [--only name,name] [--ablation]`);
  }
  return { only, ablation };
}

const log = (line: string) => process.stderr.write(line + '\n');

async function trainAndMeasure(dataset: Dataset, options: Partial<TrainOptions>, withTilt: boolean) {
  let next = 0;
  const result = await trainDenoiser(dataset, options, {
    onStep: (p) => {
      if (p.step >= next) {
        log(`  ${dataset.name}: step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}`);
        next += 1000;
      }
    },
  });
  const denoiser = denoiserOf(result, dataset.name);
  const quality = await measureQuality(denoiser, dataset);
  const tilt = withTilt && dataset.gmm ? await measureTilt(denoiser, dataset, TILT_CHECK) : undefined;
  return { result, denoiser, quality, tilt };
}

async function trainOne(name: string, ablation: boolean): Promise<{ outcome: Outcome; ablation?: object; ablationSeconds: number }> {
  const spec = SHIPPED_MODELS.find((m) => m.name === name);
  if (!spec) throw new Error(`no shipped model "${name}"; one of ${SHIPPED_MODELS.map((m) => m.name).join(', ')}`);
  const dataset = datasetByName(spec.dataset);
  log(`${name}: training on "${dataset.name}"`);
  const run = await trainAndMeasure(dataset, spec.options, true);
  const card = cardFor(
    { name, label: dataset.label, description: dataset.description, dataset: dataset.name },
    run.result,
    run.quality,
    run.tilt,
  );
  const quality = run.quality;
  const shipped = quality.energyDistance <= quality.bound;
  log(
    `${name}: ${run.result.wallSeconds.toFixed(0)} s, energy distance ${quality.energyDistance.toExponential(2)} ` +
      `(floor ${quality.noiseFloor.toExponential(2)}, bound ${quality.bound.toExponential(2)}) → ${shipped ? 'shipped' : 'NOT shipped'}`,
  );
  if (shipped) await saveModelToDisk(run.result.model, card);
  else await rm(path.join(MODELS_DIR, name), { recursive: true, force: true });
  run.denoiser.dispose();
  let ablationRecord: object | undefined;
  const ablationStarted = performance.now();
  if (ablation && dataset.gmm && run.tilt) {
    log(`${name}: ablation, training without widened inputs`);
    const plain = await trainAndMeasure(dataset, { ...spec.options, widening: { fraction: 0, thetaMax: 0, pool: 1 } }, true);
    plain.denoiser.dispose();
    ablationRecord = {
      name,
      tiltCheck: TILT_CHECK,
      widened: summariseTilt(run.tilt, run.quality.energyDistance),
      notWidened: summariseTilt(plain.tilt as TiltRecord, plain.quality.energyDistance),
    };
  }
  return { outcome: { card, shipped }, ablation: ablationRecord, ablationSeconds: (performance.now() - ablationStarted) / 1000 };
}

function summariseTilt(tilt: TiltRecord, baseEnergy: number) {
  return {
    baseEnergyDistance: baseEnergy,
    tiltEnergyDistance: tilt.energyDistance,
    tiltNoiseFloor: tilt.noiseFloor,
    exactDenoiserEnergyDistance: tilt.exactDenoiserEnergyDistance,
  };
}

function markdownTable(cards: MlpCard[]): string {
  const rows = cards.map((c) => {
    const q = c.quality!;
    const tilt = c.tilt ? `${c.tilt.energyDistance.toExponential(1)} (floor ${c.tilt.noiseFloor.toExponential(1)})` : '—';
    return `| ${c.name} | ${c.dataset} | ${c.parameters} | ${c.training.steps} × ${c.training.batchSize} | ${c.training.wallSeconds.toFixed(0)} s | ${q.energyDistance.toExponential(1)} | ${q.noiseFloor.toExponential(1)} | ${(q.energyDistance / q.noiseFloor).toFixed(2)} | ${tilt} |`;
  });
  return [
    '| model | data set | parameters | steps × batch | training time | energy distance | noise floor | ratio | KL-tilt (λ = 1) vs exact |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const backend = await useNodeBackend('wasm');
  const names = args.only ?? SHIPPED_MODELS.map((m) => m.name);
  log(`training ${names.length} model(s) on the ${backend} backend`);
  const started = performance.now();
  const outcomes: Outcome[] = [];
  const ablations: object[] = [];
  let ablationSeconds = 0;
  for (const name of names) {
    const done = await trainOne(name, args.ablation);
    outcomes.push(done.outcome);
    if (done.ablation) ablations.push(done.ablation);
    ablationSeconds += done.ablationSeconds;
  }
  if (!args.only) {
    const index = outcomes
      .filter((o) => o.shipped)
      .map((o) => ({ name: o.card.name, label: o.card.label, dataset: o.card.dataset, description: o.card.description }));
    await writeFile(path.join(MODELS_DIR, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  }
  if (ablations.length > 0) {
    await writeFile(path.join(MODELS_DIR, 'widening-ablation.json'), JSON.stringify(ablations, null, 2) + '\n');
  }
  const minutes = (performance.now() - started) / 60000;
  process.stdout.write(markdownTable(outcomes.map((o) => o.card)) + '\n');
  const ablationNote = args.ablation ? ` (${(ablationSeconds / 60).toFixed(1)} min of it for the ablation)` : '';
  process.stdout.write(
    `total: ${minutes.toFixed(1)} min${ablationNote}; shipped ${outcomes.filter((o) => o.shipped).length}/${outcomes.length}\n`,
  );
  if (ablations.length > 0) process.stdout.write(JSON.stringify(ablations, null, 2) + '\n');
  return outcomes.every((o) => o.shipped) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
