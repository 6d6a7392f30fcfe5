/**
 * The fine-tuning methods' names and one-line descriptions, in one place: the kinds the schema accepts, the label
 * each method reports (CLI output, report tables) and the shorter name and hint the app's panel shows. Kept
 * tfjs-free so that the page's main thread can read it without loading the methods themselves.
 */
export const METHOD_KINDS = ['ddpo-sf', 'ddpo-is', 'grpo', 'vmpo-diff', 'vmpo-r2g', 'rgdm', 'rwr'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

export interface MethodInfo {
  /** The name the method reports in its results. */
  label: string;
  /** The name in the panel's method picker. */
  panelLabel: string;
  /** One line under the picker. */
  hint: string;
}

export const METHOD_INFO: Readonly<Record<MethodKind, MethodInfo>> = {
  'ddpo-sf': { label: 'DDPO-SF (REINFORCE)', panelLabel: 'DDPO-SF (REINFORCE)', hint: 'Score-function gradient of E r; no fixed point at q.' },
  'ddpo-is': { label: 'DDPO-IS (PPO clip)', panelLabel: 'DDPO-IS (PPO clip)', hint: 'Clipped importance-ratio steps on E r; no fixed point at q.' },
  grpo: {
    label: 'GRPO (group advantages + KL)',
    panelLabel: 'GRPO (group advantages + KL)',
    hint: 'Advantages normalised within groups of 8 sharing x_T, plus a weak KL anchor.',
  },
  'vmpo-diff': {
    label: 'VMPO-Diff (Tweedie potentials + M_φ)',
    panelLabel: 'VMPO-Diff (Tweedie potentials)',
    hint: 'Minimises the variance of per-step log-weights, with a learned baseline M(t).',
  },
  'vmpo-r2g': { label: 'VMPO-R2G (reward-to-go + M_φ)', panelLabel: 'VMPO-R2G (reward-to-go)', hint: 'VMPO with reward-to-go potentials; q is its fixed point.' },
  rgdm: {
    label: 'RGDM (reward-weighted exploration regression)',
    panelLabel: 'RGDM (exploration regression)',
    hint: 'Regresses each step onto reward-weighted candidates around the reference.',
  },
  rwr: {
    label: 'RWR (terminal reward-weighted regression)',
    panelLabel: 'RWR (reward-weighted regression)',
    hint: 'Denoising regression on reference draws weighted by exp(r/λ).',
  },
};
