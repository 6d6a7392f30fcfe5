/** The controls of one reward kind: its parameters as inputs (one module per reward in this folder). */
import type { ReactNode } from 'react';
import type { RewardSpec } from '../../../core/scenario';

export type RewardControls<K extends RewardSpec['kind']> = (props: {
  reward: Extract<RewardSpec, { kind: K }>;
  onChange: (reward: RewardSpec) => void;
}) => ReactNode;
