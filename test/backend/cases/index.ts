/** Every kernel case, in the order the suite runs them. One file per kernel family. */
import type { KernelCase } from '../case-helpers.js';
import { elementwiseCases } from './elementwise.js';
import { elementwiseFastCases } from './elementwise-fast.js';
import { matmulCases, reduceCases } from './reduce.js';
import { gemmCases } from './gemm.js';
import { gemmNarrowCases } from './gemm-narrow.js';
import { reduceFastCases } from './reduce-fast.js';
import { layoutCases } from './layout.js';
import { layoutFastCases } from './layout-fast.js';
import { indexingCases } from './indexing.js';
import { convCases } from './conv.js';
import { convDirectCases } from './conv-direct.js';
import { convWinogradCases } from './conv-winograd.js';
import { convSubpixelCases } from './conv-subpixel.js';
import { convFftCases } from './conv-fft.js';
import { poolCases } from './pool.js';
import { resizeCases } from './resize.js';
import { optimizerCases } from './optimizer.js';
import { recurrentCases } from './recurrent.js';
import { fusedCases } from './fused.js';
import { compareSelectCases } from './compare-select.js';
import { dataMovementCases } from './data-movement.js';
import { reduceExtraCases } from './reduce-extra.js';
import { unaryMathCases } from './unary-math.js';
import { binaryExtraCases } from './binary-extra.js';
import { resizeFastCases } from './resize-fast.js';
import { indexingFastCases } from './indexing-fast.js';
import { biasActivationCases } from './bias-activation.js';
import { nanCases } from './nan.js';
import { attentionCases } from './attention.js';
import { layerNormCases } from './layer-norm.js';

export const kernelCases: KernelCase[] = [
  ...attentionCases,
  ...elementwiseCases,
  ...elementwiseFastCases,
  ...reduceCases,
  ...reduceFastCases,
  ...matmulCases,
  ...gemmCases,
  ...gemmNarrowCases,
  ...layoutCases,
  ...layoutFastCases,
  ...indexingCases,
  ...convCases,
  ...convDirectCases,
  ...convWinogradCases,
  ...convSubpixelCases,
  ...convFftCases,
  ...poolCases,
  ...resizeCases,
  ...optimizerCases,
  ...recurrentCases,
  ...fusedCases,
  ...layerNormCases,
  ...compareSelectCases,
  ...dataMovementCases,
  ...reduceExtraCases,
  ...unaryMathCases,
  ...binaryExtraCases,
  ...resizeFastCases,
  ...indexingFastCases,
  ...biasActivationCases,
  ...nanCases,
];
