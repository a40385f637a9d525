/** Helpers for layer tests: gradient checks through a layer's inputs and weights, parity fixtures. */
import assert from 'node:assert/strict';
import { checkGradients, mul, Random, sum, tensor, transpose, valueAndGrad, type Tensor } from '../../../src/index.js';
import type { CallContext, Layer } from '../../../src/nn/layer.js';
import { readParityFile } from '../../../src/parity/runner.js';
import type { FixtureTensor, OpCase } from '../../../src/parity/fixture.js';
import { loadTorchStateDict, toTorchLayout } from '../../../src/nn/torch-import.js';
import { assertClose } from '../../helpers/assert-close.js';

/**
 * Checks, by finite differences, the gradients of `sum(layer(inputs) · probe)` with respect to
 * every input and every trainable weight (`probe` is a fixed random tensor, so every output element
 * matters with a different weight). Weights are restored afterwards.
 */
export function assertLayerGradients(layer: Layer, inputs: Tensor[], context: CallContext = { training: false }, tolerance = 2e-2): void {
  const call = (xs: Tensor[]): Tensor => {
    const out = layer.apply(xs.length === 1 ? xs[0]! : xs, context);
    return Array.isArray(out) ? out[0]! : out;
  };
  const first = call(inputs);
  const probe = new Random(99).normal(first.shape);
  const weights = layer.trainableWeights;
  const originals = weights.map((w) => w.data<'float32'>());
  const f = (...args: Tensor[]): Tensor => {
    const xs = args.slice(0, inputs.length);
    const ws = args.slice(inputs.length);
    ws.forEach((w, i) => {
      if (w !== weights[i]) weights[i]!.assign(w);
    });
    try {
      return sum(mul(call(xs), probe));
    } finally {
      ws.forEach((w, i) => {
        if (w !== weights[i]) weights[i]!.assign(tensor(originals[i]!, weights[i]!.shape));
      });
    }
  };
  const floatInputs = inputs.filter((x) => x.dtype === 'float32');
  assert.equal(floatInputs.length + weights.length > 0, true, 'nothing to check');
  const result = checkGradients(f, [...inputs, ...weights], { epsilon: 1e-2, atol: tolerance, rtol: tolerance });
  const worst = result.mismatches.slice(0, 3).map((m) => `arg ${m.argument} [${m.index}]: analytic ${m.analytic} numeric ${m.numeric}`);
  assert.ok(result.ok, `${layer.name}: gradient mismatches (max abs error ${result.maxAbsError}): ${worst.join('; ')}`);
}

let cached: OpCase[] | null = null;

/** Every op case of the PyTorch sample fixtures with the given op name. */
export function parityCases(op: string): OpCase[] {
  parityCase('linear');
  return cached!.filter((c) => c.op === op);
}

/** The named op case of the PyTorch sample fixtures (test/fixtures/parity/sample.json). */
export function parityCase(name: string): OpCase {
  cached ??= readParityFile('test/fixtures/parity/sample.json').cases.filter((c): c is OpCase => c.op !== 'optimizer');
  const found = cached.find((c) => c.name === name);
  if (!found) throw new Error(`no parity case '${name}'`);
  return found;
}

/** A fixture tensor as an engine tensor, as stored (PyTorch layout). */
export function fixtureTensor(t: FixtureTensor, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  return tensor(t.data, t.shape, dtype);
}

/** The fixture tolerance: `|a − b| <= 1e-4 + 1e-3·|b|`. */
export const PARITY_ATOL = 1e-4;
export const PARITY_RTOL = 1e-3;

/**
 * Runs `layer` on `x` and back-propagates `gradOutput` (a vector-Jacobian product, as the fixtures
 * define it): returns the output, the input gradient, and every trainable weight's gradient by name.
 */
export function forwardBackward(layer: Layer, x: Tensor, gradOutput: Tensor, context: CallContext = { training: false }): { output: Tensor; dx: Tensor; dWeights: Record<string, Tensor> } {
  layer.apply(x, context); // builds, so the weights exist before they are watched
  const named = layer.layerWeights.filter((w) => w.variable.trainable);
  let output: Tensor | null = null;
  const { grads } = valueAndGrad((xx: Tensor, ..._ws: Tensor[]) => {
    const out = layer.apply(xx, context);
    const first = Array.isArray(out) ? out[0]! : out;
    output = first;
    return sum(mul(first, gradOutput));
  })(x, ...named.map((w) => w.variable));
  return { output: output!, dx: grads[0]!, dWeights: Object.fromEntries(named.map((w, i) => [w.name, grads[i + 1]!])) };
}

/** NCHW → NHWC. */
export function nchwToNhwc(t: Tensor): Tensor {
  return transpose(t, [0, 2, 3, 1]);
}

/** NHWC → NCHW. */
export function nhwcToNchw(t: Tensor): Tensor {
  return transpose(t, [0, 3, 1, 2]);
}

/**
 * Runs an NCHW image fixture through `layer` (after loading the fixture's weights, converted from
 * PyTorch's layout) and compares the output and every gradient, in PyTorch's layout, with the fixture.
 */
export function assertImageFixture(layer: Layer, c: OpCase, weightNames: readonly string[] = []): void {
  const x = nchwToNhwc(fixtureTensor(c.inputs['x']!));
  layer.apply(x);
  if (weightNames.length > 0) loadTorchStateDict(layer, Object.fromEntries(weightNames.map((n) => [n, fixtureTensor(c.inputs[n]!)])));
  const { output, dx, dWeights } = forwardBackward(layer, x, nchwToNhwc(fixtureTensor(c.grad_output)));
  assert.deepEqual(nhwcToNchw(output).shape, c.output.shape, `${c.name}: output shape`);
  assertClose(nhwcToNchw(output), c.output.data, PARITY_ATOL, PARITY_RTOL, `${c.name} output`);
  assertClose(nhwcToNchw(dx), c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, `${c.name} dx`);
  for (const n of weightNames) assertClose(toTorchLayout(layer, n, dWeights[n]), c.grads[n]!.data, PARITY_ATOL, PARITY_RTOL, `${c.name} d${n}`);
}
