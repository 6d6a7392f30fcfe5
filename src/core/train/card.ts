/** The model card of a training run (models/mlpCard.ts), validated by the same schema the loaders use. */
import { parseMlpCard } from '../models/mlpCard';
import type { MlpCard, QualityRecord, TiltRecord } from '../models/mlpCard';
import type { TrainResult } from './trainDenoiser';

export interface CardInfo {
  name: string;
  label: string;
  description: string;
  dataset: string;
}

export function cardFor(info: CardInfo, result: TrainResult, quality?: QualityRecord, tilt?: TiltRecord): MlpCard {
  const o = result.options;
  return parseMlpCard(
    {
      format: 'tiltlab-mlp',
      version: 1,
      ...info,
      architecture: o.architecture,
      parameters: result.model.countParams(),
      moments: result.moments,
      training: {
        steps: result.stepsDone,
        batchSize: o.batchSize,
        learningRate: o.learningRate,
        emaDecay: o.emaDecay,
        seed: o.seed,
        widening: { fraction: o.widening.fraction, thetaMax: o.widening.thetaMax },
        backend: result.backend,
        wallSeconds: Math.round(result.wallSeconds * 10) / 10,
        finalLoss: result.finalLoss,
      },
      ...(quality ? { quality } : {}),
      ...(tilt ? { tilt } : {}),
    },
    `${info.name} (new)`,
  );
}
