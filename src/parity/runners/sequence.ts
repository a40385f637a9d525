/**
 * Parity runners for sequence layers: embedding lookup, LSTM and GRU (PyTorch gate orders; weights
 * `[gates·H, in]` there, `[in, gates·H]` here).
 * @module
 */
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { runGru, runLstm, type SequenceResult } from '../../nn/layers/recurrent/cells.js';
import type { OpRunner } from '../op-runner.js';

const recurrentLayouts = { weight_ih: 'matrix', weight_hh: 'matrix' } as const;

function selectOutput(result: SequenceResult, attrs: Record<string, unknown>): Tensor {
  return attrs.return_sequences === false ? result.states[0]! : result.outputs;
}

/** Runners keyed by PyTorch op name. */
export const sequenceRunners: Record<string, OpRunner> = {
  embedding: {
    forward: ({ weight }, _attrs, labels) => {
      if (!labels) throw new Error('embedding: the case has no labels (the indices)');
      return ops.gather(weight!, labels, 0);
    },
  },
  lstm: {
    inputLayouts: recurrentLayouts,
    forward: ({ x, weight_ih, weight_hh, bias_ih, bias_hh }, attrs) =>
      selectOutput(runLstm(x!, { weightIh: weight_ih!, weightHh: weight_hh!, biasIh: bias_ih, biasHh: bias_hh }), attrs),
  },
  gru: {
    inputLayouts: recurrentLayouts,
    forward: ({ x, weight_ih, weight_hh, bias_ih, bias_hh }, attrs) =>
      selectOutput(runGru(x!, { weightIh: weight_ih!, weightHh: weight_hh!, biasIh: bias_ih, biasHh: bias_hh }), attrs),
  },
};
