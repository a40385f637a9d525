/**
 * Parity runner for multi-head attention against `torch.nn.MultiheadAttention(batch_first=True)`:
 * PyTorch's `in_proj_weight` `[3E, E]` and `out_proj.weight` `[E, E]` are our `[in, out]`
 * matrices transposed; the fixture names `out_proj.weight` as `out_proj_weight`.
 * @module
 */
import { runMultiHeadAttention } from '../../nn/layers/attention/multi-head-attention.js';
import { numberAttr, type OpRunner } from '../op-runner.js';

/** Runners keyed by PyTorch op name. */
export const attentionRunners: Record<string, OpRunner> = {
  multi_head_attention: {
    inputLayouts: { in_proj_weight: 'matrix', out_proj_weight: 'matrix' },
    forward: ({ query, key, value, in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias }, attrs) => {
      const numHeads = numberAttr(attrs, 'num_heads');
      const embed = query!.shape[2]!;
      if (embed % numHeads !== 0) throw new Error(`multi_head_attention: ${embed} features do not split into ${numHeads} heads`);
      return runMultiHeadAttention(query!, key ?? query!, value ?? key ?? query!, {
        inProjWeight: in_proj_weight!, inProjBias: in_proj_bias ?? null, outProjWeight: out_proj_weight!, outProjBias: out_proj_bias ?? null,
      }, { numHeads, keyDim: embed / numHeads, causal: attrs.causal === true });
    },
  },
};
