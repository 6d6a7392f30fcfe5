#!/usr/bin/env node
// `npm run mutate` mutates everything stryker.config.mjs lists; `npm run mutate -- src/core/samplers src/app/csv.ts`
// mutates only those folders or files (a folder becomes `<folder>/**/*.ts`). `--tests <files>` (comma-separated paths
// or globs) runs only those unit tests against the mutants (vitest.mutate.config.ts). Extra Stryker flags pass through.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const targets = [];
const flags = [];
let tests = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--tests') tests = argv[++i] ?? '';
  else if (arg.startsWith('-') || flags.length > 0) flags.push(arg);
  else if (!existsSync(arg)) {
    console.error(`mutate: no such file or folder: ${arg}`);
    process.exit(2);
  } else targets.push(statSync(arg).isDirectory() ? `${arg.replace(/\/+$/, '')}/**/*.ts` : arg);
}
const mutate = targets.length > 0 ? ['--mutate', targets.join(',')] : [];
const env = tests === null ? process.env : { ...process.env, MUTATE_TESTS: tests };
const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...mutate, ...flags], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
