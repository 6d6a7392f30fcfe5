#!/usr/bin/env node
/**
 * End-to-end tests: makes sure Debian's chromium is installed, builds the app and the library (with its
 * example page), serves dist/ on 127.0.0.1 with `vite preview`, and runs tests/e2e/*.test.ts with node's
 * test runner (through tsx). Screenshots go to
 * test-results/. Prints a last line `e2e: N passed, N failed` and exits non-zero when anything failed.
 * Usage: node scripts/run-e2e.mjs [--no-build] [file filter]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--'));

function finish(passed, failed, note = '') {
  if (note) console.error(note);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || (passed === 0 && note) ? 1 : 0);
}

const chromium = spawnSync('bash', [join(root, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
if (chromium.status !== 0) finish(0, 1, 'e2e: chromium is not available');

if (!args.includes('--no-build')) {
  await build({ root, logLevel: 'warn' });
  // The library build and the embedding example (dist/lib/, dist/examples/), served beside the app.
  await build({ root, configFile: join(root, 'vite.lib.config.ts'), logLevel: 'warn' });
}

const server = await preview({ root, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const url = server.resolvedUrls.local[0];

const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const tapFile = join(resultsDir, 'e2e.tap');
rmSync(tapFile, { force: true });

const files = readdirSync(join(root, 'tests', 'e2e'))
  .filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter)))
  .sort()
  .map((f) => join('tests', 'e2e', f));
if (files.length === 0) {
  await server.close();
  finish(0, 1, `e2e: no test files match "${filter}"`);
}

// One file at a time: each launches its own Chromium (≈1.5 GB at peak) on a machine with two cores.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TILTLAB_E2E_URL: url } },
);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await server.close();

let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  finish(0, 1, 'e2e: the test runner wrote no results');
}
const count = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)`, 'm'))?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
finish(passed, code !== 0 && failed === 0 ? 1 : failed);
