/**
 * Fused in-place optimizer steps (Adam/AdamW, SGD, SGD with momentum), four weights per vector. Each step is a handful of
 * float32 operations per weight that every IEEE engine rounds the same way, so the result matches
 * the reference kernels (src/backend/js/optimizer.ts), which round every intermediate to float32.
 * Large arrays are cut into ranges of PER_TASK elements that any thread may run.
 */

// Op codes, mirrored in src/backend/wasm/optimizer.ts.
const ADAM = 0, SGD = 1, SGD_MOMENTUM = 2;
// Descriptor words: op, w, g, m (SGD: the momentum buffer), v, n, elements per task, flags; then f32 parameters.
const OP = 0, W = 1, G = 2, M = 3, V = 4, N = 5, PER_TASK = 6, FLAGS = 7;
// SGD with momentum: flags bit 0 first step, bit 1 nesterov, bit 2 weight decay; lr, momentum, 1 - dampening, weight decay.
const LR = 8, MOMENTUM = 9, DAMP = 10, WEIGHT_DECAY = 11;
// Adam: beta1, beta2, 1 - beta1, 1 - beta2, sqrt(1 - beta2^t), epsilon, lr / (1 - beta1^t), weight
// decay factor (1 for Adam, 1 - lr·wd for AdamW). SGD: lr in BETA1.
const BETA1 = 8, BETA2 = 9, C1 = 10, C2 = 11, SQRT_CORRECTION2 = 12, EPSILON = 13, STEP_SIZE = 14, DECAY = 15;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function param(desc: usize, index: i32): f32 {
  return load<f32>(desc + (<usize>index << 2));
}

/** `m = β1·m + c1·g; v = β2·v + c2·g²; w = w·decay − (m / (sqrt(v)/s2 + ε))·stepSize` on `count` weights at byte offset `off`. */
function adamRange(desc: usize, off: usize, count: i32): void {
  const w = <usize>word(desc, W) + off, g = <usize>word(desc, G) + off;
  const m = <usize>word(desc, M) + off, v = <usize>word(desc, V) + off;
  const b1 = param(desc, BETA1), b2 = param(desc, BETA2), c1 = param(desc, C1), c2 = param(desc, C2);
  const s2 = param(desc, SQRT_CORRECTION2), eps = param(desc, EPSILON), stepSize = param(desc, STEP_SIZE), decay = param(desc, DECAY);
  const b1v = f32x4.splat(b1), b2v = f32x4.splat(b2), c1v = f32x4.splat(c1), c2v = f32x4.splat(c2);
  const s2v = f32x4.splat(s2), epsv = f32x4.splat(eps), stepv = f32x4.splat(stepSize), decayv = f32x4.splat(decay);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1v), f32x4.mul(gi, c1v));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2v), f32x4.mul(f32x4.mul(gi, gi), c2v));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(vi), s2v), epsv);
    v128.store(w + o, f32x4.sub(f32x4.mul(v128.load(w + o), decayv), f32x4.mul(f32x4.div(mi, denominator), stepv)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * c1;
    const vi = load<f32>(v + o) * b2 + gi * gi * c2;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    const denominator = sqrt<f32>(vi) / s2 + eps;
    store<f32>(w + o, load<f32>(w + o) * decay - (mi / denominator) * stepSize);
  }
}

/** `w −= lr·g` on `count` weights at byte offset `off`. */
function sgdRange(desc: usize, off: usize, count: i32): void {
  const w = <usize>word(desc, W) + off, g = <usize>word(desc, G) + off;
  const lr = param(desc, BETA1);
  const lrv = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(lrv, v128.load(g + o))));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, load<f32>(w + o) - lr * load<f32>(g + o));
  }
}

/** PyTorch's SGD with momentum on `count` weights at byte offset `off` (see the reference kernel). */
function sgdMomentumRange(desc: usize, off: usize, count: i32): void {
  const w = <usize>word(desc, W) + off, g = <usize>word(desc, G) + off, buf = <usize>word(desc, M) + off;
  const flags = word(desc, FLAGS);
  const first = (flags & 1) != 0, nesterov = (flags & 2) != 0, decay = (flags & 4) != 0;
  const lr = param(desc, LR), momentum = param(desc, MOMENTUM), damp = param(desc, DAMP), wd = param(desc, WEIGHT_DECAY);
  const lrv = f32x4.splat(lr), mv = f32x4.splat(momentum), dv = f32x4.splat(damp), wdv = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const wi = v128.load(w + o);
    let gi = v128.load(g + o);
    if (decay) gi = f32x4.add(gi, f32x4.mul(wi, wdv));
    const b = first ? gi : f32x4.add(f32x4.mul(v128.load(buf + o), mv), f32x4.mul(gi, dv));
    v128.store(buf + o, b);
    const update = nesterov ? f32x4.add(gi, f32x4.mul(b, mv)) : b;
    v128.store(w + o, f32x4.sub(wi, f32x4.mul(update, lrv)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    let gi = load<f32>(g + o);
    if (decay) gi = gi + wi * wd;
    const b = first ? gi : load<f32>(buf + o) * momentum + gi * damp;
    store<f32>(buf + o, b);
    const update = nesterov ? gi + b * momentum : b;
    store<f32>(w + o, wi - update * lr);
  }
}

/** Elements `task·PER_TASK ...` of one optimizer step. */
export function optimizerTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), perTask = word(desc, PER_TASK);
  const begin = task * perTask;
  const count = min(n, begin + perTask) - begin;
  const off = <usize>begin << 2;
  const op = word(desc, OP);
  if (op == ADAM) adamRange(desc, off, count);
  else if (op == SGD) sgdRange(desc, off, count);
  else sgdMomentumRange(desc, off, count);
}
