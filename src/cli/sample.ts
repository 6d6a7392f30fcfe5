/**
 * `npm run -s sample -- scenario.json [--backend wasm|cpu] [--pretty]` (or `-` to read the scenario from stdin).
 *
 * Prints one JSON object on stdout: {scenario, backend, samples, steps, summary} and, for SMC, weightedSamples and
 * logWeights (design.md "CLI"). Exit codes: 0 success; 2 bad input, with exactly one line
 * `error: <field>: <problem>` on stderr (field "file", "json", "args" or a scenario field); 1 a run that failed,
 * e.g. produced NaN.
 */
import { readFileSync } from 'node:fs';
import { runScenario } from '../core/run';
import { parseJsonText } from '../core/run/parseJson';
import { parseScenario } from '../core/scenario';
import { FieldError } from '../core/types';
import { useNodeBackend } from './backend';
import type { NodeBackend } from './backend';
import { loadModelFromDisk } from './models';

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

/** JSON text of the result; refuses NaN/±Inf, which JSON cannot carry (it would print null). */
function toJson(result: unknown, pretty: boolean): string {
  return JSON.stringify(
    result,
    (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new NonFiniteOutput(key);
      return value;
    },
    pretty ? 2 : undefined,
  );
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

async function main(): Promise<number> {
  let args: CliArgs;
  let input: unknown;
  try {
    args = parseArgs(process.argv.slice(2));
    input = parseJsonText(readScenarioText(args.file));
    // Validate before the backend starts, so that bad input is reported without any start-up output.
    parseScenario(input);
  } catch (e) {
    return reportError(e);
  }
  try {
    await useNodeBackend(args.backend);
    const result = await runScenario(input, { loadModel: loadModelFromDisk });
    const text = toJson(result, args.pretty);
    await new Promise<void>((resolve, reject) => process.stdout.write(text + '\n', (err) => (err ? reject(err) : resolve())));
    return 0;
  } catch (e) {
    return reportError(e);
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
