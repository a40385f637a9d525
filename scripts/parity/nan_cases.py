#!/usr/bin/env python3
"""Generates test/fixtures/parity/nan.json: PyTorch's NaN propagation, forward and gradients.

Every case holds NaN inputs (at chosen places) and records what PyTorch computes: activations,
clipping, elementwise extrema, reductions, softmax, pooling, the fused Dense/Conv2D tails, batch
norm, recurrent layers and cross-entropy. Non-finite numbers are written as the strings "NaN",
"Infinity" and "-Infinity" (JSON has no literal for them; see docs/parity.md).

    apt-get update && apt-get install -y python3-torch python3-pil libopenblas0-pthread
    /usr/bin/python3 scripts/parity/nan_cases.py > test/fixtures/parity/nan.json
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(11)
NAN = float('nan')


def encode(v):
    """A float for JSON: non-finite values as the strings the loader accepts."""
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def tensor(t):
    t = t.detach().to(torch.float32) if t.is_floating_point() else t.detach()
    return {'shape': list(t.shape), 'data': [encode(float(v)) for v in t.reshape(-1).tolist()]}


def rand(*shape, scale=1.0):
    return (torch.rand(shape, dtype=torch.float64) * 2 - 1).mul(scale).to(torch.float32)


def away_from_zero(*shape):
    """Values in ±[0.5, 1.5): a grad_output whose every element shows in the gradients' tolerance."""
    r = rand(*shape)
    return torch.where(r < 0, r - 0.5, r + 0.5)


def with_nans(t, flat_positions):
    t = t.clone()
    flat = t.view(-1)
    for p in flat_positions:
        flat[p] = NAN
    return t


cases = []


def op_case(name, op, attrs, inputs, fn, labels=None, differentiable=True):
    """Runs fn(**inputs) in PyTorch; records the output and the vjp of a random grad_output."""
    leaves = {k: v.clone().requires_grad_(differentiable and v.is_floating_point()) for k, v in inputs.items()}
    out = fn(**leaves)
    grad_output = away_from_zero(*out.shape) if out.is_floating_point() else torch.ones(out.shape)
    grads = {}
    if differentiable and out.is_floating_point():
        out.backward(grad_output)
        grads = {k: tensor(v.grad) for k, v in leaves.items() if v.grad is not None}
    case = {'name': name, 'op': op, 'attrs': attrs, 'inputs': {k: tensor(v) for k, v in inputs.items()},
            'output': tensor(out), 'grad_output': tensor(grad_output), 'grads': grads}
    if labels is not None:
        case['labels'] = tensor(labels)
    cases.append(case)


# Activations: NaN at the first, middle and last elements. Sizes are multiples of 16 so that every
# element goes through PyTorch's vectorized CPU kernels: for elu/selu and relu6 its scalar path (tiny
# tensors, and the tail beyond a multiple of 16) gives another gradient at NaN (dy instead of NaN / 0).
act_x = with_nans(rand(2, 4, 4, scale=3), [0, 7, 13, 31])
op_case('relu_nan', 'relu', {}, {'x': act_x}, lambda x: F.relu(x))
op_case('leaky_relu_nan', 'leaky_relu', {'alpha': 0.2}, {'x': act_x}, lambda x: F.leaky_relu(x, 0.2))
op_case('elu_nan', 'elu', {'alpha': 1.0}, {'x': act_x}, lambda x: F.elu(x, 1.0))
op_case('selu_nan', 'selu', {}, {'x': act_x}, lambda x: F.selu(x))
op_case('gelu_nan', 'gelu', {}, {'x': act_x}, lambda x: F.gelu(x))
op_case('sigmoid_nan', 'sigmoid', {}, {'x': act_x}, lambda x: torch.sigmoid(x))
op_case('tanh_nan', 'tanh', {}, {'x': act_x}, lambda x: torch.tanh(x))
op_case('softplus_nan', 'softplus', {}, {'x': act_x}, lambda x: F.softplus(x))
op_case('silu_nan', 'silu', {}, {'x': act_x}, lambda x: F.silu(x))
op_case('mish_nan', 'mish', {}, {'x': act_x}, lambda x: F.mish(x))
op_case('softmax_nan_row', 'softmax', {'axis': -1}, {'x': with_nans(rand(3, 7, scale=2), [9])}, lambda x: F.softmax(x, -1))
op_case('log_softmax_nan_row', 'log_softmax', {'axis': -1}, {'x': with_nans(rand(3, 7, scale=2), [20])}, lambda x: F.log_softmax(x, -1))

# Clipping: both bounds are reached; the gradient is 0 at NaN for clamp, dy for relu6 (a hardtanh).
clip_x = with_nans(rand(4, 8, scale=8), [0, 4, 17, 31])
clip_x[3, 0], clip_x[3, 1] = 0.0, 6.0  # relu6's bounds, where its gradient is 0
op_case('relu6_nan', 'relu6', {}, {'x': clip_x}, lambda x: F.relu6(x))
op_case('clamp_nan', 'clamp', {'min': -0.5, 'max': 0.5}, {'x': clip_x}, lambda x: torch.clamp(x, -0.5, 0.5))

# Elementwise extrema: NaN on either side, on both, ties, and a broadcast NaN.
a = with_nans(rand(3, 4), [0, 5])
b = with_nans(rand(3, 4), [1, 5])
a[2, 3] = b[2, 3] = 0.25  # a tie
op_case('maximum_nan', 'maximum', {}, {'a': a, 'b': b}, lambda a, b: torch.maximum(a, b))
op_case('minimum_nan', 'minimum', {}, {'a': a, 'b': b}, lambda a, b: torch.minimum(a, b))
op_case('maximum_nan_broadcast', 'maximum', {}, {'a': rand(3, 4), 'b': with_nans(rand(4), [2])}, lambda a, b: torch.maximum(a, b))

# Reductions. torch.max(x) (no dim) splits the gradient among the NaNs; torch.max(x, dim) sends it
# to the NaN (one per row here, without ties).
red_x = with_nans(rand(4, 6), [3, 8, 14])  # one NaN in each of rows 0-2 (columns 3, 2, 2); row 3 finite
op_case('max_all_nan', 'max', {}, {'x': with_nans(rand(3, 5), [2, 11])}, lambda x: torch.max(x))
op_case('min_all_nan', 'min', {}, {'x': with_nans(rand(3, 5), [4, 7])}, lambda x: torch.min(x))
op_case('max_dim_nan', 'max', {'dim': 1}, {'x': with_nans(rand(4, 6), [3, 8])}, lambda x: torch.max(x, 1).values)
op_case('min_dim0_nan', 'min', {'dim': 0}, {'x': with_nans(rand(4, 6), [3, 8])}, lambda x: torch.min(x, 0).values)
op_case('argmax_nan', 'argmax', {'dim': 1}, {'x': with_nans(rand(4, 6), [3, 5, 8])}, lambda x: torch.argmax(x, 1), differentiable=False)
op_case('argmin_nan', 'argmin', {'dim': 0}, {'x': with_nans(rand(4, 6), [3, 9, 15])}, lambda x: torch.argmin(x, 0), differentiable=False)
op_case('argmax_all_nan', 'argmax', {}, {'x': with_nans(rand(3, 5), [6, 9])}, lambda x: torch.argmax(x), differentiable=False)
op_case('sum_nan', 'sum', {'dim': 1}, {'x': red_x}, lambda x: torch.sum(x, 1))
op_case('mean_nan', 'mean', {'dim': 0}, {'x': red_x}, lambda x: torch.mean(x, 0))
op_case('logsumexp_nan', 'logsumexp', {'dim': 1}, {'x': red_x}, lambda x: torch.logsumexp(x, 1))
for ord_name, ord_value in (('2', 2), ('1', 1), ('inf', float('inf'))):
    op_case(f'vector_norm_{ord_name}_nan', 'vector_norm', {'ord': ord_value if ord_name != 'inf' else 'inf', 'dim': 1}, {'x': red_x},
            lambda x, o=ord_value: torch.linalg.vector_norm(x, o, dim=1))

# Pooling (NCHW). The 2x2 case puts two NaNs in one window: PyTorch's max pool takes the last.
pool_x = rand(2, 3, 6, 4)
pool_x[0, 0, 0, 1] = NAN
pool_x[0, 0, 1, 0] = NAN  # same 2x2 window as (0, 1)
pool_x[1, 2, 4, 3] = NAN
pool_x[0, 1, 3, 3] = NAN
op_case('max_pool2d_2x2_nan', 'max_pool2d', {'kernel': [2, 2], 'stride': [2, 2], 'padding': [0, 0]}, {'x': pool_x},
        lambda x: F.max_pool2d(x, 2, 2))
op_case('max_pool2d_3x3_s2_p1_nan', 'max_pool2d', {'kernel': [3, 3], 'stride': [2, 2], 'padding': [1, 1]}, {'x': pool_x},
        lambda x: F.max_pool2d(x, 3, 2, 1))
op_case('avg_pool2d_2x2_nan', 'avg_pool2d', {'kernel': [2, 2], 'stride': [2, 2], 'padding': [0, 0]}, {'x': pool_x},
        lambda x: F.avg_pool2d(x, 2, 2))
op_case('global_avg_pool_nan', 'global_avg_pool2d', {}, {'x': pool_x}, lambda x: x.mean((2, 3)))

# The fused layer tails: relu(linear) and relu(conv2d), NaN in the input.
op_case('linear_relu_nan', 'linear_relu', {}, {'x': with_nans(rand(3, 7), [2, 15]), 'weight': rand(6, 7), 'bias': rand(6)},
        lambda x, weight, bias: F.relu(F.linear(x, weight, bias)))
conv_x = rand(2, 3, 7, 6)
conv_x[0, 1, 2, 3] = NAN
op_case('conv2d_relu_nan', 'conv2d_relu', {'stride': [1, 1], 'padding': [1, 1], 'dilation': [1, 1], 'groups': 1},
        {'x': conv_x, 'weight': rand(5, 3, 3, 3), 'bias': rand(5)},
        lambda x, weight, bias: F.relu(F.conv2d(x, weight, bias, 1, 1)))

# Batch norm (training): a NaN poisons its channel's statistics, the other channels stay finite.
bn_x = rand(4, 3, 3, 2)
bn_x[1, 2, 0, 1] = NAN
op_case('batch_norm2d_nan', 'batch_norm2d', {'eps': 1e-5}, {'x': bn_x, 'weight': rand(3), 'bias': rand(3)},
        lambda x, weight, bias: F.batch_norm(x, None, None, weight, bias, training=True, eps=1e-5))

# Recurrent layers: a NaN in one sequence of the batch.
H, I = 4, 3
seq_x = rand(2, 5, I)
seq_x[1, 2, 0] = NAN
lstm = torch.nn.LSTM(I, H, batch_first=True)
op_case('lstm_nan', 'lstm', {'hidden': H, 'gate_order': 'i,f,g,o', 'return_sequences': True},
        {'x': seq_x, 'weight_ih': lstm.weight_ih_l0.detach(), 'weight_hh': lstm.weight_hh_l0.detach(),
         'bias_ih': lstm.bias_ih_l0.detach(), 'bias_hh': lstm.bias_hh_l0.detach()},
        lambda x, weight_ih, weight_hh, bias_ih, bias_hh: torch._VF.lstm(
            x, (torch.zeros(1, 2, H), torch.zeros(1, 2, H)), [weight_ih, weight_hh, bias_ih, bias_hh], True, 1, 0.0, False, False, True)[0])
gru = torch.nn.GRU(I, H, batch_first=True)
op_case('gru_nan', 'gru', {'hidden': H, 'gate_order': 'r,z,n', 'return_sequences': True, 'reset_after': True},
        {'x': seq_x, 'weight_ih': gru.weight_ih_l0.detach(), 'weight_hh': gru.weight_hh_l0.detach(),
         'bias_ih': gru.bias_ih_l0.detach(), 'bias_hh': gru.bias_hh_l0.detach()},
        lambda x, weight_ih, weight_hh, bias_ih, bias_hh: torch._VF.gru(
            x, torch.zeros(1, 2, H), [weight_ih, weight_hh, bias_ih, bias_hh], True, 1, 0.0, False, False, True)[0])

# Cross-entropy from logits with a NaN in one row: that row's loss is NaN, and so is the mean.
labels = torch.tensor([1, 0, 4, 2])
op_case('cross_entropy_nan', 'sparse_categorical_crossentropy', {'from_logits': True, 'reduction': 'mean'},
        {'logits': with_nans(rand(4, 5, scale=2), [7])}, lambda logits: F.cross_entropy(logits, labels), labels=labels)

json.dump({'generator': f'PyTorch {torch.__version__} (scripts/parity/nan_cases.py)', 'seed': 11,
           'layout': 'NCHW activations, OIHW conv weights, [out,in] linear weights; non-finite numbers as "NaN"/"Infinity"/"-Infinity"',
           'cases': cases}, sys.stdout, allow_nan=False)
sys.stdout.write('\n')
