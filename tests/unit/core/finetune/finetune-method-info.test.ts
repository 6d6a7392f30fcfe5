/**
 * The method picker's names and hints (methodInfo.ts) and the registry (registry.ts): seven kinds in the documented
 * order, each found by its kind, an unknown kind refused by name, and every entry of the panel non-empty, named
 * after its method and distinct. A number a hint states is the default it describes.
 */
import { describe, expect, it } from 'vitest';
import { parseFineTuneSettings } from '../../../../src/core/finetune/config';
import { METHOD_INFO, METHOD_KINDS } from '../../../../src/core/finetune/methodInfo';
import type { MethodKind } from '../../../../src/core/finetune/methodInfo';
import { innerSteps, learningRate } from '../../../../src/core/finetune/method';
import { allMethods, methodFor } from '../../../../src/core/finetune/registry';

describe('fine-tuning methods: kinds, registry and panel text', () => {
  it('seven kinds in the picker’s order; methodFor finds each, and an unknown kind is refused by name', () => {
    expect(METHOD_KINDS).toEqual(['ddpo-sf', 'ddpo-is', 'grpo', 'vmpo-diff', 'vmpo-r2g', 'rgdm', 'rwr']);
    expect(allMethods().map((m) => m.kind)).toEqual([...METHOD_KINDS]);
    for (const kind of METHOD_KINDS) expect(methodFor(kind).kind).toBe(kind);
    expect(() => methodFor('ppo' as MethodKind)).toThrow('no fine-tuning method registered for "ppo"');
  });

  it('each method has a label, a panel name that starts with the method’s name, and a one-sentence hint', () => {
    const panel = METHOD_KINDS.map((k) => METHOD_INFO[k]);
    for (const [i, info] of panel.entries()) {
      const name = info.label.split(' ')[0];
      expect(name.toLowerCase()).toBe(METHOD_KINDS[i]);
      expect(info.panelLabel.startsWith(`${name} (`)).toBe(true);
      expect(info.panelLabel.endsWith(')')).toBe(true);
      expect(info.hint).toMatch(/^[A-Z].{20,}\.$/);
    }
    expect(new Set(panel.map((p) => p.panelLabel)).size).toBe(7);
    expect(new Set(panel.map((p) => p.hint)).size).toBe(7);
  });

  it('the GRPO hint’s group size is the default group size', () => {
    const groups = Number(/groups of (\d+)/.exec(METHOD_INFO.grpo.hint)?.[1]);
    expect(groups).toBe(parseFineTuneSettings({ method: 'grpo', lambda: 1 }).groupSize);
  });

  it('the learning rate and inner steps of the settings win over the method’s defaults, which fill in when left out', () => {
    for (const method of allMethods()) {
      const plain = parseFineTuneSettings({ method: method.kind, lambda: 1 });
      expect(learningRate(method, plain)).toBe(method.defaultLearningRate);
      expect(innerSteps(method, plain)).toBe(method.defaultInnerSteps);
      const set = parseFineTuneSettings({ method: method.kind, lambda: 1, learningRate: 0.0123, innerSteps: 5 });
      expect(learningRate(method, set)).toBe(0.0123);
      expect(innerSteps(method, set)).toBe(5);
    }
  });
});
