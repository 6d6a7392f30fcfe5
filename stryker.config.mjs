// Mutation testing (docs/testing.md): Stryker plants small bugs in the code below, one at a time, and runs the unit
// tests that cover each one; a mutant no test notices ("survived") is behaviour the suite does not check.
// Not part of `npm test` or CI: run `npm run mutate` (everything) or `npm run mutate -- <folder or file>`.

/** The code under mutation: the numerical core and the pure app logic (no React, no tfjs kernels of our own). */
export const MUTATE = [
  'src/core/samplers/**/*.ts',
  'src/core/exact/**/*.ts',
  'src/core/exact.ts',
  'src/core/diagnostics.ts',
  'src/core/finetune/**/*.ts',
  'src/core/rewards/**/*.ts',
  'src/core/scenario*.ts',
  'src/app/urlRepair.ts',
  'src/app/linkParams.ts',
  'src/app/csv.ts',
  'src/app/export/statsCsv.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    // vite.config.ts's `test.include` (the unit tests only, tests/unit/**; e2e tests never run here), or the files
    // named by `npm run mutate -- <target> --tests <files>` (vitest.mutate.config.ts).
    configFile: 'vitest.mutate.config.ts',
    // Only the test files that import a mutated file (directly or not) run for it.
    related: true,
  },
  mutate: MUTATE,
  // Each mutant runs only the tests that executed its code in the first, instrumented run.
  coverageAnalysis: 'perTest',
  // Re-test only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine is shared (2 cores): one test process at a time.
  concurrency: 1,
  // The first, instrumented run of the tests takes longer than Stryker's default 5 minutes on 2 cores.
  dryRunTimeoutMinutes: 30,
  // Statistical tests are slow on purpose; a mutant that makes one loop forever is cut off, not waited for.
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  // The default sandbox folder (ignored by git, ESLint and Prettier).
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'test-results', 'reports', '.scratch-*', '.smoke-*'],
  thresholds: { high: 90, low: 85, break: null },
};
