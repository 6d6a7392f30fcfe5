/**
 * `npm run -s finetune -- job.json [--backend wasm|cpu]` (or `-` to read the job from stdin).
 *
 * Runs one fine-tuning method (src/core/finetune/job.ts documents the job file) and prints, on stdout, one JSON line
 * per update — {"update", "meanReward", "logWeightVar", "klToReference", "energyDistance", "loss", "beta", "ms"} —
 * then one summary line {"summary": {method, updates, initial, final, exactMeanReward?, baseMeanReward?, ms, backend}}.
 * Exit codes: 0 success; 2 bad input, with exactly one line `error: <field>: <problem>` on stderr; 1 a run that failed.
 */
// The Node build of the tfjs umbrella registers the gradient functions that fine-tuning needs (tfjs-core alone has none).
import '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { parseFineTuneJob, prepareFineTune } from '../core/finetune/job';
import { fineTune } from '../core/finetune/run';
import { parseJsonText } from '../core/run/parseJson';
import { FieldError } from '../core/types';
import { useNodeBackend } from './backend';
import type { NodeBackend } from './backend';
import { loadModelFromDisk } from './models';

const USAGE = 'usage: finetune <job.json | -> [--backend wasm|cpu]';

function parseArgs(argv: string[]): { file: string; backend: NodeBackend } {
  let file: string | undefined;
  let backend: NodeBackend = 'wasm';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backend' || a.startsWith('--backend=')) {
      const v = a === '--backend' ? argv[++i] : a.slice('--backend='.length);
      if (v !== 'wasm' && v !== 'cpu') throw new FieldError('args', `--backend must be wasm or cpu (got ${JSON.stringify(v ?? '')})`);
      backend = v;
    } else if (a.startsWith('--') || (a.startsWith('-') && a !== '-')) throw new FieldError('args', `unknown option ${a}; ${USAGE}`);
    else if (file !== undefined) throw new FieldError('args', `only one job file is accepted; ${USAGE}`);
    else file = a;
  }
  if (file === undefined) throw new FieldError('args', `no job file given; ${USAGE}`);
  return { file, backend };
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new FieldError('file', `cannot read ${file === '-' ? 'stdin' : JSON.stringify(file)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function writeLine(value: unknown): Promise<void> {
  // JSON has no NaN/∞: a non-finite figure is printed as null rather than aborting a long run.
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return new Promise((resolve, reject) => process.stdout.write(text + '\n', (err) => (err ? reject(err) : resolve())));
}

function reportError(e: unknown): number {
  if (e instanceof FieldError) {
    process.stderr.write(`error: ${oneLine(e.field)}: ${oneLine(e.problem)}\n`);
    return 2;
  }
  process.stderr.write(`error: run: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
  return 1;
}

async function main(): Promise<number> {
  let args: { file: string; backend: NodeBackend };
  let job: ReturnType<typeof parseFineTuneJob>;
  try {
    args = parseArgs(process.argv.slice(2));
    job = parseFineTuneJob(parseJsonText(readText(args.file)));
  } catch (e) {
    return reportError(e);
  }
  try {
    await useNodeBackend(args.backend);
    const prepared = await prepareFineTune(job, loadModelFromDisk);
    try {
      const run = fineTune({
        policy: prepared.policy,
        reward: prepared.reward,
        settings: job.settings,
        target: prepared.target,
        evalParticles: job.evalParticles,
      });
      for (let r = await run.next(); ; r = await run.next()) {
        if (r.done) {
          await writeLine({ summary: r.value });
          return 0;
        }
        await writeLine(r.value);
      }
    } finally {
      prepared.dispose();
    }
  } catch (e) {
    return reportError(e);
  }
}

process.exitCode = await main();
