/**
 * The sample CLI at its edges (the real binary): a number beyond a field's limit names that limit, control
 * characters in an unknown key never reach the terminal raw, a reader that closes early gets a clean exit, and a
 * failing output stream is one line and exit 1 — never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const BASE = {
  model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] },
  reward: { kind: 'linear', theta: [1, 0] },
  sampler: { kind: 'base' },
  particles: 64,
  steps: 4,
};

function sampleStdin(scenario: string, shell = '') {
  // With `shell`, the CLI runs inside `sh -c` so that its stdout can be piped or redirected.
  if (shell) return spawnSync('sh', ['-c', `"${TSX}" src/cli/sample.ts - ${shell}`], { cwd: ROOT, input: scenario, encoding: 'utf8' });
  return spawnSync(TSX, ['src/cli/sample.ts', '-'], { cwd: ROOT, input: scenario, encoding: 'utf8' });
}

describe('sample CLI edges', () => {
  it('a scenario nested 5,000 deep (or deep inside a field) exits 2 naming the problem, before anything walks it', () => {
    for (const text of ['['.repeat(5000) + ']'.repeat(5000), JSON.stringify({ ...BASE, model: '@' }).replace('"@"', '['.repeat(5000) + ']'.repeat(5000))]) {
      const r = sampleStdin(text);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe('error: json: nested deeper than 64 levels');
    }
  });

  it("a huge particle count is rejected with the field's own limit, not the 2^53 integer bound", () => {
    const r = sampleStdin(JSON.stringify({ ...BASE, particles: 1e20 }));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: particles: Too big: expected number to be <=65536');
  });

  it('an unknown key holding an escape sequence is quoted as JSON, so no raw control character is printed', () => {
    const r = sampleStdin(JSON.stringify({ ...BASE, '\u001b[31mred': 1 }));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.trim()).toBe('error: scenario: unknown field(s) "\\u001b[31mred"');
  });

  it('a reader that closes early (| head -c 10) gets its bytes and the CLI exits 0 without a stack trace', () => {
    const r = sampleStdin(JSON.stringify({ ...BASE, particles: 4096 }), '| head -c 10');
    expect(r.stdout).toBe('{"scenario');
    expect(r.stderr).toBe('');
  });

  it.runIf(existsSync('/dev/full'))('a full output device is one line on stderr and exit 1', () => {
    const r = sampleStdin(JSON.stringify(BASE), '> /dev/full');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: output: cannot write the result \(ENOSPC/);
  });
});
