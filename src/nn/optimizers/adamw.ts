/**
 * AdamW: Adam with decoupled weight decay.
 * @module
 */
import { Adam, type AdamConfig } from './adam.js';

/** Options of {@link AdamW}: those of Adam, with `weightDecay` defaulting to 0.004 (Keras). */
export type AdamWConfig = AdamConfig;

/**
 * Adam with decoupled weight decay, step for step as `torch.optim.AdamW`: the weights first shrink,
 * `w ← w·(1 − lr·weightDecay)`, then take the Adam step computed from the gradient alone.
 * The default `weightDecay` is Keras' 0.004 (PyTorch's is 0.01).
 *
 * @example new AdamW({ learningRate: 1e-3, weightDecay: 0.01 })
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  protected override readonly decoupledWeightDecay = true;

  constructor(config: AdamWConfig = {}) {
    super(config);
  }

  protected override defaultWeightDecay(): number {
    return 0.004;
  }
}
