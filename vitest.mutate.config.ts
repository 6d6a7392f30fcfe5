// The unit-test configuration Stryker runs (stryker.config.mjs): the project's own (vite.config.ts), optionally
// narrowed to the test files named in MUTATE_TESTS (comma-separated paths or globs; `npm run mutate -- <folder>
// --tests <files>`). On 2 cores a core folder's mutants cannot each rerun most of the suite — a module-level mutant
// (a schema, a table) has no per-test coverage and reruns every related test — so a folder is mutated against the
// tests that check it. A subset of the suite can only kill fewer mutants: its score is a lower bound.
import viteConfig from './vite.config';

const narrowed = (process.env.MUTATE_TESTS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

// Replaced, not merged: Vite's mergeConfig would append the list to the default one.
export default narrowed.length > 0 ? { ...viteConfig, test: { ...viteConfig.test, include: narrowed } } : viteConfig;
