/**
 * `npm run -s sample -- scenario.json [--backend wasm|cpu] [--pretty]` (or `-` to read the scenario from stdin).
 *
 * Prints one JSON object on stdout: {scenario, backend, samples, steps, summary} and, for SMC, weightedSamples and
 * logWeights (architecture.md "CLI"). Exit codes: 0 success; 2 bad input, with exactly one line
 * `error: <field>: <problem>` on stderr (field "file", "json", "args" or a scenario field); 1 a run that failed,
 * e.g. produced NaN.
 */
import { readFileSync } from 'node:fs';
import { parseJsonText } from '../core/run/parseJson';
import { FieldError } from '../core/types';
import type { Scenario } from '../core/scenario';
import type { NodeBackend } from './backend';

const USAGE = 'usage: sample <scenario.json | -> [--backend wasm|cpu] [--pretty]';

interface CliArgs {
  file: string;
  backend: NodeBackend;
  pretty: boolean;
}

function parseArgs(argv: string[]): CliArgs {
  let file: string | undefined;
  let backend: NodeBackend = 'wasm';
  let pretty = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pretty') pretty = true;
    else if (a === '--backend' || a.startsWith('--backend=')) {
      const v = a === '--backend' ? argv[++i] : a.slice('--backend='.length);
      if (v !== 'wasm' && v !== 'cpu') throw new FieldError('args', `--backend must be wasm or cpu (got ${JSON.stringify(v ?? '')})`);
      backend = v;
    } else if (a.startsWith('--') || (a.startsWith('-') && a !== '-')) throw new FieldError('args', `unknown option ${a}; ${USAGE}`);
    else if (file !== undefined) throw new FieldError('args', `only one scenario file is accepted; ${USAGE}`);
    else file = a;
  }
  if (file === undefined) throw new FieldError('args', `no scenario file given; ${USAGE}`);
  return { file, backend, pretty };
}

function readScenarioText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new FieldError('file', `cannot read ${file === '-' ? 'stdin' : JSON.stringify(file)}: ${reason}`);
  }
}

/**
 * JSON text of the result; refuses NaN/±Inf, which JSON cannot carry (it would print null). --pretty indents
 * objects but keeps each array of plain numbers (a point, a matrix row) on one line.
 */
function toJson(result: unknown, pretty: boolean): string {
  const text = JSON.stringify(
    result,
    (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new NonFiniteOutput(key);
      return value;
    },
    pretty ? 2 : undefined,
  );
  // A raw newline cannot occur inside a JSON string, so requiring one keeps string contents untouched.
  const numberArray = /\[\n\s*([-+\d.eE]+(?:,\n\s*[-+\d.eE]+)*)\n\s*\]/g;
  return pretty ? text.replace(numberArray, (_m, inner: string) => `[${inner.split(/,\n\s*/).join(', ')}]`) : text;
}

class NonFiniteOutput extends Error {
  constructor(key: string) {
    super(`the result holds a non-finite number (field "${key}"); try a larger λ or less extreme parameters`);
  }
}

/** One line, however the message was written. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Modules load in stages so that bad input is reported fast: arguments, file and JSON need nothing heavy; the
 * schema check needs zod and the formula parser; only a valid scenario loads tfjs, its backends and the samplers.
 */
async function main(): Promise<number> {
  let args: CliArgs;
  let input: unknown;
  let scenario: Scenario;
  let text: string;
  try {
    args = parseArgs(process.argv.slice(2));
    input = parseJsonText(readScenarioText(args.file));
    const { parseScenario } = await import('../core/scenario');
    // Validate once, before the backend starts, so that bad input is reported without any start-up output; every
    // check (the formula parse among them) belongs to a descriptor, so nothing else needs loading for it.
    scenario = parseScenario(input);
  } catch (e) {
    return reportError(e);
  }
  try {
    // Registers tfjs gradients in Node (guidance and formula rewards use tf.grad); the page bundles its own.
    await import('@tensorflow/tfjs');
    const { useNodeBackend } = await import('./backend');
    const { runPrepared } = await import('../core/run');
    const { prepareScenario } = await import('../core/run/prepare');
    const { loadModelFromDisk } = await import('./models');
    await useNodeBackend(args.backend);
    const run = runPrepared(prepareScenario(scenario), { loadModel: loadModelFromDisk });
    let step = await run.next();
    while (!step.done) step = await run.next();
    text = toJson(step.value, args.pretty);
  } catch (e) {
    return reportError(e);
  }
  return writeResult(text + '\n');
}

/**
 * Writes the result to stdout. A reader that closed early (`| head -c 10`) got what it asked for: exit 0, nothing
 * said. Any other write failure (a full disk, /dev/full) is one line on stderr and exit 1. Either way the stream's
 * later 'error' events are absorbed, so no handler prints a stack trace.
 */
async function writeResult(text: string): Promise<number> {
  process.stdout.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      process.stdout.once('error', reject);
      process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
    });
    return 0;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return 0;
    process.stderr.write(`error: output: cannot write the result (${oneLine(e instanceof Error ? e.message : String(e))})\n`);
    return 1;
  }
}

function reportError(e: unknown): number {
  if (e instanceof FieldError) {
    process.stderr.write(`error: ${oneLine(e.field)}: ${oneLine(e.problem)}\n`);
    return 2;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: run: ${oneLine(message)}\n`);
  return 1;
}

process.exitCode = await main();
