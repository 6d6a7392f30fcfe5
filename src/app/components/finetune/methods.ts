/** The fine-tuning methods as the panel offers them: every kind of core/finetune/methodInfo.ts, with its hint. */
import { METHOD_INFO, METHOD_KINDS } from '../../../core/finetune/methodInfo';
import type { MethodKind } from '../../../core/finetune/methodInfo';

export const METHOD_CHOICES: ReadonlyArray<{ value: MethodKind; label: string; hint: string }> = METHOD_KINDS.map((value) => ({
  value,
  label: METHOD_INFO[value].panelLabel,
  hint: METHOD_INFO[value].hint,
}));
