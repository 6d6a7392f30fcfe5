/**
 * The headless runner: `npm run finetune -- job.json` prints one JSON line per update and a summary line; a bad job
 * exits with code 2 and one line `error: <field>: <problem>`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const job = {
  model: { kind: 'gmm', weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [[[0.3, 0], [0, 0.3]], [[0.3, 0], [0, 0.3]]] },
  reward: { kind: 'linear', theta: [1, 0] },
  method: 'vmpo-diff',
  lambda: 1,
  updates: 3,
  batch: 8,
  steps: 3,
  evalParticles: 16,
  targetDraws: 64,
};

function runCli(content: unknown): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'finetune-cli-'));
  const file = path.join(dir, 'job.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/finetune.ts', file, '--backend', 'cpu'], {
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run finetune', () => {
  it('prints one JSON line per update, then a summary line', () => {
    const r = runCli(job);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.update)).toEqual([1, 2, 3]);
    for (const l of lines.slice(0, 3)) for (const k of ['meanReward', 'logWeightVar', 'klToReference', 'energyDistance', 'loss']) expect(typeof l[k]).toBe('number');
    expect(lines[3].summary).toMatchObject({ method: 'vmpo-diff', updates: 3, stopped: false });
    expect(typeof lines[3].summary.exactMeanReward).toBe('number');
  });

  it.each([
    [{ ...job, lambda: -1 }, /^error: lambda: /],
    ['{"model": ', /^error: json: /],
  ])('rejects a bad job with exit code 2 and one error line (%#)', (content, pattern) => {
    const r = runCli(content);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});
